"""Many people at once: inputs, report names, worker processes, the output folder."""
