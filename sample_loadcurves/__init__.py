"""Realistic sample households and the generator that made them."""
