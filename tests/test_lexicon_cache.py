"""The checked lexicon kept on disk: the same lexicon as parsing, a new one for new inputs,
and a damaged file ignored."""

from etl import lexicon_cache
from etl.lexicon import SCHEMA_DIR, load_lexicon


def test_a_cached_lexicon_is_the_parsed_one(tmp_path, monkeypatch):
    monkeypatch.setenv(lexicon_cache.ENV, "off")
    parsed = load_lexicon()
    monkeypatch.setenv(lexicon_cache.ENV, str(tmp_path))
    first, again = load_lexicon(), load_lexicon()
    assert len(list(tmp_path.glob("lexicon-*.pickle"))) == 1
    assert first == parsed and again == parsed and again.digest == parsed.digest


def test_a_damaged_file_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv(lexicon_cache.ENV, str(tmp_path))
    good = load_lexicon()
    (stored,) = tmp_path.glob("lexicon-*.pickle")
    stored.write_bytes(b"not a pickle")
    assert load_lexicon() == good
    assert stored.read_bytes() != b"not a pickle"


def test_another_lexicon_is_another_file(tmp_path, monkeypatch):
    monkeypatch.setenv(lexicon_cache.ENV, str(tmp_path / "cache"))
    base = load_lexicon()
    other = tmp_path / "lexicon.yaml"
    other.write_text((SCHEMA_DIR / "lexicon.yaml").read_text(encoding="utf-8").replace("version:", "# a change\nversion:", 1),
                     encoding="utf-8")
    changed = load_lexicon(other)
    assert len(list((tmp_path / "cache").glob("lexicon-*.pickle"))) == 2
    assert changed.digest != base.digest


def test_old_files_are_pruned(tmp_path):
    for i in range(lexicon_cache.KEEP + 3):
        (tmp_path / f"lexicon-{i:032d}.pickle").write_bytes(b"x")
    lexicon_cache._prune(tmp_path, "lexicon")
    assert len(list(tmp_path.glob("lexicon-*.pickle"))) == lexicon_cache.KEEP
