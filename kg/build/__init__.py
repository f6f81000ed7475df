"""The build: orchestration of the stages over many files, the outputs and the report."""
