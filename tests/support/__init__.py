"""Helpers the test folders share (and the benches reuse); never shipped in the product."""
