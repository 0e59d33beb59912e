"""The extract_quotes and eval_quotes management commands."""

import json

import pytest
from django.core.management import CommandError, call_command

from importer.evaluation import DEV_DIR, ISLAMABAD, SHARED_STORIES_DIR
from importer.extraction import MAX_STORY_CHARS


@pytest.mark.skipif(not ISLAMABAD.exists(), reason=f"{SHARED_STORIES_DIR} is not present")
def test_extract_quotes_json_has_the_gold_schema(capsys):
    call_command("extract_quotes", str(ISLAMABAD), "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["dateline"] == "ISLAMABAD"
    assert data["paragraphs"] == 26
    assert [speaker["key"] for speaker in data["speakers"]] == [
        f"s{n}" for n in range(1, len(data["speakers"]) + 1)
    ]
    for speaker in data["speakers"]:
        assert set(speaker) == {
            "key",
            "name",
            "title",
            "organisation",
            "kind",
            "anonymous_description",
        }
    for quote in data["quotes"]:
        assert set(quote) == {"speaker", "text", "direct", "paragraph"}
        assert isinstance(quote["direct"], bool)


def test_extract_quotes_summary_lists_speakers_and_quotes(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text(
        "\ufeffLONDON - “We will strike,” union leader Mick Whelan said.\n", encoding="utf-8"
    )
    call_command("extract_quotes", str(story))
    out = capsys.readouterr().out
    assert "Dateline: LONDON" in out
    assert "Mick Whelan" in out
    assert "Paragraph 1:" in out  # people count paragraphs from 1; the JSON from 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"PK\x03\x04\x00\x00binary", "binary"),
        (b"caf\xe9 society", "byte offset 3"),
        (b"a" * (MAX_STORY_CHARS + 1), "limit"),
        (b"a" * (MAX_STORY_CHARS * 4 + 1), "at most"),
    ],
)
def test_extract_quotes_rejects_bad_files_with_a_clear_message(tmp_path, content, message):
    story = tmp_path / "story.txt"
    story.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("extract_quotes", str(story))


def test_extract_quotes_rejects_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("extract_quotes", str(tmp_path / "missing.txt"))


@pytest.mark.skipif(not DEV_DIR.is_dir(), reason=f"{DEV_DIR} is not present")
def test_eval_quotes_prints_the_dev_table_beside_islamabad_and_a_benchmark(capsys):
    call_command("eval_quotes")
    out = capsys.readouterr().out
    assert "01_germany_bans_mahan_air" in out
    assert "dev set total (25 stories)" in out
    assert "islamabad-pak-russia-ties" in out
    assert "evalset" not in out
    assert "Benchmark: a 20," in out


@pytest.mark.skipif(not DEV_DIR.is_dir(), reason=f"{DEV_DIR} is not present")
def test_eval_quotes_scores_any_folder_of_annotated_stories(tmp_path, capsys):
    folder = tmp_path / "blind"
    folder.mkdir()
    (folder / "strike.txt").write_text(
        "LONDON - “We will strike,” union leader Mick Whelan said.\n", encoding="utf-8"
    )
    gold = {
        "speakers": [{"key": "s1", "name": "Mick Whelan", "kind": "official"}],
        "quotes": [{"speaker": "s1", "text": "We will strike,", "direct": True, "paragraph": 0}],
    }
    (folder / "strike.json").write_text(json.dumps(gold), encoding="utf-8")
    call_command("eval_quotes", "--stories", str(folder))
    out = capsys.readouterr().out
    assert "strike" in out
    assert "blind total (1 stories)" in out
    assert "01_germany_bans_mahan_air" not in out
    assert "islamabad-pak-russia-ties" in out


def test_eval_quotes_refuses_a_folder_without_annotated_stories(tmp_path):
    (tmp_path / "lonely.txt").write_text("LONDON - Nothing here.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no NAME.json annotation"):
        call_command("eval_quotes", "--stories", str(tmp_path))
    with pytest.raises(CommandError, match="not a folder"):
        call_command("eval_quotes", "--stories", str(tmp_path / "missing"))
