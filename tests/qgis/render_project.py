"""Open a QGIS project headless with Debian's QGIS and render what a GIS officer sees on
opening it (the visible layers, the project's default view) to a PNG; print one JSON line
per layer (name, valid, features, visible, renderer, labels) and then {"png": path}.
With a third argument "lng,lat,scale" it renders the view a GIS officer gets by zooming in
there to 1:scale, into a second PNG (the fourth argument)."""
import json
import sys

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
project = QgsProject.instance()
print(json.dumps({"read": project.read(sys.argv[1])}))
root = project.layerTreeRoot()
visible = []
for node in root.findLayers():
    layer = node.layer()
    row = {"name": layer.name(), "provider": layer.providerType(), "valid": layer.isValid(),
           "visible": node.isVisible()}
    if isinstance(layer, QgsVectorLayer):
        row["features"] = layer.featureCount() if layer.isValid() else None
        row["renderer"] = layer.renderer().type() if layer.renderer() else None
        row["labels"] = layer.labelsEnabled()
    print(json.dumps(row))
    if node.isVisible():
        visible.append(layer)
settings = QgsMapSettings()
settings.setLayers(visible)  # layer tree order: the first draws on top
settings.setDestinationCrs(project.crs())
settings.setExtent(project.viewSettings().defaultViewExtent())
settings.setOutputSize(QSize(1000, 1000))
settings.setBackgroundColor(QColor("#cfe3f0"))


def render(png: str) -> None:
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(png, "PNG")
    print(json.dumps({"png": png, "crs": project.crs().authid(), "extent": settings.extent().toString(0),
                      "scale": round(settings.scale()), "layers": [lyr.name() for lyr in visible]}))


render(sys.argv[2])
if len(sys.argv) > 4:
    lng, lat, scale = (float(v) for v in sys.argv[3].split(","))
    to_map = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), project.crs(), project)
    centre = to_map.transform(QgsPointXY(lng, lat))
    box = settings.extent()
    box.scale(scale / settings.scale(), centre)  # the same window, zoomed in around that point
    settings.setExtent(box)
    render(sys.argv[4])
app.exitQgis()
