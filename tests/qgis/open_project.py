"""Open a QGIS project headless with Debian's QGIS (PyQGIS, run by /usr/bin/python3) and print
one JSON line per layer: name, provider, valid, feature count. Used by test_gis_readonly."""
import json
import sys

from qgis.core import QgsApplication, QgsProject, QgsVectorLayer

QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
project = QgsProject.instance()
print(json.dumps({"read": project.read(sys.argv[1])}))
for layer in project.mapLayers().values():
    row = {"name": layer.name(), "provider": layer.providerType(), "valid": layer.isValid()}
    if isinstance(layer, QgsVectorLayer) and layer.isValid():
        row["features"] = layer.featureCount()
    print(json.dumps(row))
app.exitQgis()
