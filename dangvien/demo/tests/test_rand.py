import numpy as np
import pytest

from dangvien.demo.rand import choice_index, stream, unique_ints


def test_streams_depend_on_the_seed_and_the_label_only() -> None:
    assert stream(1, "a").random() == stream(1, "a").random()
    assert stream(1, "a").random() != stream(1, "b").random()
    assert stream(1, "a").random() != stream(2, "a").random()


@pytest.mark.parametrize(("low", "high", "size"), [(0, 10, 10), (0, 1000, 900), (5, 10**8, 10**5)])
def test_unique_ints_are_distinct_and_in_range(low: int, high: int, size: int) -> None:
    values = unique_ints(stream(3, "u"), low, high, size)
    assert len(np.unique(values)) == size
    assert values.min() >= low
    assert values.max() < high


def test_unique_ints_may_repeat_across_prefixes_but_not_within_one() -> None:
    prefixes = np.repeat(np.arange(4, dtype=np.int64), 90)
    values = unique_ints(stream(4, "u"), 0, 100, len(prefixes), prefixes=prefixes)
    assert len(set(zip(prefixes.tolist(), values.tolist(), strict=True))) == len(prefixes)
    with pytest.raises(ValueError, match="not enough"):
        unique_ints(stream(4, "u"), 0, 10, 11)


def test_choice_index_follows_the_weights() -> None:
    drawn = choice_index(stream(5, "c"), [1, 0, 3], 40_000)
    counts = np.bincount(drawn, minlength=3)
    assert counts[1] == 0
    assert 2.7 < counts[2] / counts[0] < 3.3
