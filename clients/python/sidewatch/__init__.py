"""Sidewatch client: log predictions and labels from a model's request path.

Calls never block on the network and never raise: rows go into a bounded queue that a background
thread sends in batches. When the queue is full the oldest row is dropped and counted; a 429 or
503 answer is retried after its Retry-After; any other refusal drops that batch and counts it.
Standard library only.
"""

from .client import Sidewatch, Stats

__all__ = ["Sidewatch", "Stats"]
