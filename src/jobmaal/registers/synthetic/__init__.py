"""The synthetic register generator: a Denmark-like population written in the canonical model.

``generate(GenerateOptions.build(out, scale="small"))`` writes every table of
``jobmaal.registers.schema`` plus ``_jobmaal_meta.json`` (marked synthetic, with the planted
per-municipality effort). See docs/synthetic-data.md for the model behind the data.
"""

from jobmaal.registers.synthetic.generate import generate
from jobmaal.registers.synthetic.options import SCALE_PERSONS, GenerateOptions, Scale

__all__ = ["SCALE_PERSONS", "GenerateOptions", "Scale", "generate"]
