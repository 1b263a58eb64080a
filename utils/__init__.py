"""Shared helpers, graders and reference implementations for the Deep Learning Notebooks.

One module per role (see STYLE.md in the project's shared docs):
notebook (setup cell), grading (check framework), expect (lesson expectations),
data (checksummed loaders), plotting, workbook (learner copies and grading),
nn (reference NumPy implementations), graders, datagen, pretrain.
"""

import os

# TensorFlow reads this once, when it is first imported; set it before any notebook does.
# Level 3: op determinism (set by setup) makes TF log a harmless C++ "error" on every fit.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
