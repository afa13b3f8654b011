"""Thin routes: read the request, ask a context builder or the services, render or respond."""
