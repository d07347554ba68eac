// A link that opens the phone's own map app at a place, to find the way there.
// Android offers its map apps for a geo: URI (RFC 5870); an iPhone opens nothing for geo:, so
// there Apple Maps' own address, which opens its app.
const IOS = /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);

export const navigateHref = (lng, lat, label) => (IOS
  ? `https://maps.apple.com/?daddr=${lat},${lng}&q=${encodeURIComponent(label)}`
  : `geo:${lat},${lng}?q=${lat},${lng}(${encodeURIComponent(label)})`);
