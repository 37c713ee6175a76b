"""Sets of ids the importer keeps in memory, one bit per id."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


class IdSet:
    """A set of non-negative integer ids as a bitmap (a bit per id: 10 MB for 80 million ids),
    with the few negative ones (the Community user) in a plain set."""

    def __init__(self) -> None:
        self._bits = bytearray()
        self._negative: set[int] = set()

    def add(self, value: int) -> None:
        """Add one id."""
        if value < 0:
            self._negative.add(value)
            return
        index = value >> 3
        if index >= len(self._bits):
            self._bits.extend(bytes(max(index + 1 - len(self._bits), len(self._bits) // 2)))
        self._bits[index] |= 1 << (value & 7)

    def discard(self, value: int) -> None:
        """Remove one id if present."""
        if value < 0:
            self._negative.discard(value)
        elif (value >> 3) < len(self._bits):
            self._bits[value >> 3] &= ~(1 << (value & 7)) & 0xFF

    def __iter__(self) -> Iterator[int]:
        """The ids in increasing order."""
        yield from sorted(self._negative)
        for index, byte in enumerate(self._bits):
            if byte:
                base = index << 3
                for bit in range(8):
                    if byte & (1 << bit):
                        yield base + bit

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int):
            return False
        if value < 0:
            return value in self._negative
        index = value >> 3
        return index < len(self._bits) and bool(self._bits[index] & (1 << (value & 7)))

    def update(self, values: Iterable[int]) -> None:
        """Add every id of ``values``."""
        for value in values:
            self.add(value)
