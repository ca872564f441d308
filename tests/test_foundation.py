"""The foundation: reading, cleaning, encodings, errors and the output contract."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import marsad
from marsad.cli import main
from marsad.ingest.encoding import decode_bytes
from marsad.ingest.errors import InputError

BODY_START = "على الرغم من مرور أسابيع"
SUBHEADING = "هدوء حذر في الوقت الحالي"
CHROME = ["هل أعجبك هذا المقال؟", "0 تعليق", "سياسة ديارنا بشأن التعليقات", "1500 / 1500", "أخبار العراق"]


def expected_paragraphs(reference: str) -> list[str]:
    lines = [ln.strip() for ln in reference.splitlines() if ln.strip()]
    start = next(i for i, ln in enumerate(lines) if ln.startswith(BODY_START))
    end = lines.index("هل أعجبك هذا المقال؟")
    return lines[start:end]


def run_cli(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_reference_article_contract(reference_text, capsys, tmp_path):
    path = tmp_path / "ref.txt"
    path.write_text(reference_text, encoding="utf-8")
    code, out, err = run_cli(["extract", str(path), "--date", "2020-04-20"], capsys)
    assert code == 0, err
    doc = json.loads(out)
    assert set(doc) >= {"id", "url", "title", "section", "source", "published", "text", "captions",
                        "sentences", "entities", "dates", "quotes", "events", "warnings"}
    assert doc["title"] == "انخفاض حدة التوترات الإيرانية-الأميركية في العراق في الوقت الحالي"
    assert doc["source"] == "AFP"
    assert doc["section"] == ["أخبار العراق", "أمن"]
    assert doc["published"] == "2020-04-20"
    paragraphs = doc["text"].split("\n\n")
    assert paragraphs == expected_paragraphs(reference_text)
    assert len(paragraphs) == 21 and SUBHEADING in paragraphs
    for chrome in CHROME + [doc["title"]]:
        assert chrome not in doc["text"]
    assert len(doc["captions"]) == 1 and doc["captions"][0].startswith("جنود الجيش الأميركي")
    assert doc["captions"][0] not in doc["text"]
    text = doc["text"]
    for s in doc["sentences"]:
        sent = text[s["start"]:s["end"]]
        assert sent == sent.strip() and sent
    # sentences cover every paragraph: all non-space characters are inside a sentence
    covered = set()
    for s in doc["sentences"]:
        covered.update(range(s["start"], s["end"]))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


def test_quotes_keep_sentences_whole(reference_text):
    doc = marsad.extract(reference_text, published="2020-04-20")
    sentences = [doc.text[s["start"]:s["end"]] for s in doc.sentences]
    quote_sentence = [s for s in sentences if "لن يحدث موت" in s]
    assert len(quote_sentence) == 1 and quote_sentence[0].startswith("حيث قالت الميليشيا")
    assert quote_sentence[0].endswith("العراق\".")


@pytest.mark.parametrize("encoding", ["cp1256", "utf-16", "utf-8-sig", "iso-8859-6"])
def test_encodings_give_identical_document(reference_text, encoding, tmp_path):
    if encoding == "iso-8859-6":
        # ISO-8859-6 has no Latin letters beyond ASCII and no Persian letters; the article fits.
        data = reference_text.encode(encoding, errors="strict")
    else:
        data = reference_text.encode(encoding)
    path = tmp_path / f"ref-{encoding}.txt"
    path.write_bytes(data)
    utf8 = tmp_path / "ref.txt"
    utf8.write_text(reference_text, encoding="utf-8")
    pipe = marsad.Pipeline()
    [a] = list(pipe.process_paths([str(utf8)], "2020-04-20"))
    [b] = list(pipe.process_paths([str(path)], "2020-04-20"))
    assert isinstance(b, marsad.Document), b
    da, db = a.to_dict(), b.to_dict()
    assert da == db


def test_bad_files_get_one_line_errors_and_batch_continues(reference_text, tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    data = reference_text.encode("utf-8")
    cut = data.rfind("ة".encode("utf-8")) + 1  # stop inside the last two-byte letter
    (folder / "truncated.txt").write_bytes(data[:cut])
    (folder / "good1.txt").write_text(reference_text, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "good2.txt").write_text("مقال قصير.\n\nقال الوزير إن الاجتماع انتهى.", encoding="utf-8")
    code, out, err = run_cli(["extract", str(folder), "--date", "2020-04-20"], capsys)
    assert code == 1
    docs = [json.loads(line) for line in out.splitlines()]
    assert len(docs) == 2
    errors = [ln for ln in err.splitlines() if ln.startswith("marsad: error:")]
    assert len(errors) == 3
    for name, reason in (("binary.txt", "binary"), ("empty.txt", "empty"), ("truncated.txt", "truncated")):
        [line] = [e for e in errors if name in e]
        assert reason in line.lower()


def test_decoder_rejects_undecodable_bytes():
    with pytest.raises(InputError, match="not valid UTF-8"):
        decode_bytes("abc déjà vu, naïve façade".encode("latin-1"), "x.txt")


def test_mojibake_is_repaired_with_a_warning():
    text = "قال المسؤول إن الهجوم وقع في بغداد."
    broken = "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
                     for b in text.encode("utf-8"))  # as a browser decodes UTF-8 bytes as windows-1252
    decoded = decode_bytes(broken.encode("utf-8"), "m.txt")
    assert "mojibake" in decoded.warnings[0]
    assert decoded.text.startswith("قال المسؤول")


def test_jsonl_records_and_bad_lines(tmp_path, capsys):
    path = tmp_path / "dump.jsonl"
    rows = [
        {"id": "a1", "url": "https://x.example/1", "published": "2021-05-02", "title": "عنوان",
         "text": "بغداد - قال مسؤول إن الاجتماع انتهى."},
        "not json",
        {"id": "a3", "html": "<html><body><article><h1>عنوان آخر</h1><p>قالت الحكومة إن المحادثات مستمرة في بغداد مع الوفد.</p></article></body></html>"},
        {"id": "a4"},
    ]
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    code, out, err = run_cli(["extract", str(path)], capsys)
    docs = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [d["input_id"] for d in docs] == ["a1", "a3"]
    assert docs[0]["published"] == "2021-05-02" and docs[0]["url"] == "https://x.example/1"
    assert "المحادثات مستمرة" in docs[1]["text"]
    assert f"{path}:2" in err and f"{path}:4" in err


def test_stdin_and_pretty(tmp_path):
    text = "قال الوزير إن الاجتماع انتهى.\n\nوأضاف أن المحادثات ستستمر."
    proc = subprocess.run([sys.executable, "-m", "marsad.cli", "extract", "-", "--pretty", "--date", "2022-01-01"],
                          input=text.encode("utf-8"), capture_output=True)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert "\n  " in proc.stdout.decode("utf-8")
    assert doc["text"] == text and len(doc["sentences"]) == 2


def test_bad_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["extract", "-", "--date", "20-04-2020"])
    assert exc.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_document_id_is_a_stable_hash_of_text():
    a = marsad.extract("قال الوزير إن الاجتماع انتهى.")
    b = marsad.extract("قال الوزير إن الاجتماع انتهى.", published="2020-01-01")
    c = marsad.extract("قال الوزير إن الاجتماع بدأ.")
    assert a.id == b.id != c.id


def test_api_reports_instead_of_raising_on_empty_input():
    doc = marsad.extract("   ")
    assert doc.text == "" and doc.warnings == ["no article text found"]
