"""Reversible masking: placeholders out to the provider, raw values back to the user.

Example:
    >>> from gateway.masking import PlaceholderMap, StreamRestorer
"""

from gateway.masking.placeholder_map import PlaceholderMap
from gateway.masking.stream_restorer import StreamRestorer

__all__ = ["PlaceholderMap", "StreamRestorer"]
