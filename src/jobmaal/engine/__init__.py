"""The indicator engine: catalogue definitions → Ibis expressions → indicator values."""
