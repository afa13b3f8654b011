"""The canonical register model, the synthetic generator, and validated atomic import."""
