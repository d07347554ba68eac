"""SIGAP domain: settings, errors, H3, georeferencing and services.

Nothing here imports api/, tiles/ or workers/: those are entrypoints that call in.
"""
