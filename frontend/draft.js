// The report being written, kept on the phone until it is sent, queued or put away. Android
// often reloads the tab when the camera app takes the memory: the category, the text, the pin
// and the photo were gone when the resident came back to the form (a phone walk). Kept per
// account and city in IndexedDB (the photo is a Blob), for a day at most.
import { createStore, del, get, set } from "/static/node_modules/idb-keyval/dist/index.js";
import { CITY } from "/static/common.js";

const STORE = createStore("sigap-draft", "draft");
const KEY = "report";
const MAX_AGE_MS = 24 * 3600 * 1000;
const owner = () => localStorage.getItem("sigap.user");

/** { category, description, pin: [lng, lat] | null, placedBy, photo: Blob | null, photoGps, gpsAccuracy } */
export async function keepDraft(draft) {
  if (!owner()) return; // nobody's: nothing to keep
  try { await set(KEY, { ...draft, owner: owner(), city: CITY.slug, at: Date.now() }, STORE); }
  catch { /* no IndexedDB (a private window): nothing is kept */ }
}

export async function dropDraft() {
  try { await del(KEY, STORE); } catch { /* nothing was kept */ }
}

/** This account's draft on this city's page, if one was kept within the day. */
export async function takeDraft() {
  try {
    const d = await get(KEY, STORE);
    if (!d || !d.owner || d.owner !== owner() || Date.now() - d.at > MAX_AGE_MS) { if (d) await dropDraft(); return null; }
    return d.city === CITY.slug ? d : null; // another city's page: it waits for its own
  } catch { return null; }
}
