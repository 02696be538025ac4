"""Example cases shipped with procedure: read by `procedure init`, the tests and the README."""
