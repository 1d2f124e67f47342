"""Write the golden inputs of messenger_json and instagram_json, and their not_mine files.

    .venv/bin/python tests/corpus/messenger_json/make_meta_inputs.py

Everything is invented: "Sam Taylor" (victim), "Mark Doe" (suspect), "Priya Shah" (friend),
"Zoë Quill" (made up); addresses from documentation ranges (203.0.113.x, example.com). Files are
written the way Meta writes them: two-space indentation, pure ASCII, every non-ASCII character as
the \\u00XX escapes of its UTF-8 bytes ("mojibake"), participants first, messages newest first, then
title, is_still_participant, thread_path, magic_words. After running it, review the change and
update the goldens on purpose:
.venv/bin/pytest tests/test_parser_goldens.py --update-goldens -k "messenger_json or instagram_json".

messenger_json/ (each has media paths under your_activity_across_facebook/, Facebook's folder):
  thread.json            1:1 thread: multi-line text with emoji, two reactions, photo-only message,
                         photo with caption, a share with accented share_text, an answered call,
                         a missed call from him, her call he missed, an unsent message, a sticker,
                         video / voice clip / file / gif, spaces and blank lines kept, an entry with
                         nothing in it, a geoblocked entry, a field this parser does not know (ip)
  group.json             group: mojibake title, names, reactions; Subscribe/Unsubscribe notices;
                         a group call nobody joined and one that lasted; the victim has left
  participants_last.json message request; "messages" before "participants" and "title"
  truncated.json         cut short inside messages[2]: two messages, then one problem
  bad_timestamps.json    timestamp_ms 0, text, missing, negative, a fraction, year 2200, true;
                         items that are not objects; call_duration as text and negative; content
                         as a number
  bad_bytes.json         raw bytes that are not UTF-8 (Windows-1252 quotes, a cut sequence), raw
                         UTF-8 "é": warnings with byte offsets, U+FFFD in the text, rest kept
  resaved_utf8.json      a copy saved again by an editor: byte-order mark, real UTF-8 text that
                         must come out unchanged (mojibake repair must not touch it)
  malformed.json         a comma missing between messages[1] and messages[2]
  empty_group.json       a group with no messages: read, nothing yielded, nothing wrong
instagram_json/
  thread.json            your_instagram_activity/ media; story reply and reel share with
                         original_content_owner; reaction with Instagram's timestamp; "Liked a
                         message"; voice message; video chats missed and answered
  old_layout_share.json  2020-23 layout (messages/inbox/…): Instagram only by original_content_owner
  no_evidence.json       2020-23 layout, nothing says which app: Instagram by default, with a warning
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
IG = HERE.parent / "instagram_json"
FB_DIR = "your_activity_across_facebook/messages"
IG_DIR = "your_instagram_activity/messages"


def ms(text: str) -> int:
    """Epoch milliseconds of a UTC time written 2026-09-14 19:02:11.250."""
    return round(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp() * 1000)


def mojibake(value):
    """What Meta does to every string: UTF-8 bytes read back as latin-1 code points."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, list):
        return [mojibake(v) for v in value]
    if isinstance(value, dict):
        return {k: mojibake(v) for k, v in value.items()}
    return value


def meta_json(thread: dict) -> str:
    return json.dumps(mojibake(thread), indent=2, ensure_ascii=True) + "\n"


def write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("ascii"))


def newest_first(messages: list[dict]) -> list[dict]:
    return sorted(messages, key=lambda m: m.get("timestamp_ms", 0) if isinstance(m.get("timestamp_ms"), int)
                  else 0, reverse=True)


def envelope(participants, messages, title, path, **extra) -> dict:
    thread = {"participants": [{"name": p} for p in participants], "messages": messages, "title": title,
              "is_still_participant": extra.pop("still", True), "thread_path": path, "magic_words": []}
    thread.update(extra)
    return thread


def media(folder: str, kind: str, name: str, when: str) -> list[dict]:
    return [{"uri": f"{folder}/{kind}/{name}", "creation_timestamp": ms(when) // 1000}]


def msg(sender: str, when: str, content: str | None = None, **fields) -> dict:
    item = {"sender_name": sender, "timestamp_ms": ms(when)}
    if content is not None:
        item["content"] = content
    item.update(fields)
    item.setdefault("is_geoblocked_for_viewer", False)
    return item


MARK, SAM, PRIYA, ZOE = "Mark Doe", "Sam Taylor", "Priya Shah", "Zoë Quill"


def messenger_thread() -> dict:
    box = f"{FB_DIR}/inbox/markdoe_10158"
    messages = [
        msg(SAM, "2026-09-14 19:02:11.250", "Please stop contacting me. I mean it."),
        msg(MARK, "2026-09-14 19:05:40", "You can’t just block me 😡\nAnswer me here then.",
            reactions=[{"reaction": "😮", "actor": SAM}, {"reaction": "❤", "actor": MARK}]),
        msg(MARK, "2026-09-15 07:30:00", photos=media(box, "photos", "1234567890_10158_n.jpg", "2026-09-15 07:30:00")),
        msg(MARK, "2026-09-15 07:31:12", "Nice car. Parked outside yours again?",
            photos=media(box, "photos", "1234567891_10158_n.jpg", "2026-09-15 07:31:12")),
        msg(MARK, "2026-09-16 22:47:03", "You missed a call from Mark Doe.", call_duration=0),
        msg(MARK, "2026-09-16 22:49:30", "Mark Doe called you.", call_duration=95),
        msg(SAM, "2026-09-17 08:00:00", "Mark Doe missed your call.", call_duration=0),
        msg(MARK, "2026-09-18 23:59:59.999", is_unsent=True),
        msg(MARK, "2026-09-19 00:00:01",
            sticker={"uri": f"{FB_DIR}/stickers_used/39178562_1505197616293642_5411344281094848512_n.png",
                     "ai_stickers": []}),
        msg(MARK, "2026-09-20 12:00:00", "Look where I am",
            share={"link": "https://maps.example.com/?q=51.5007,-0.1246", "share_text": "Café Nero – Westminster"}),
        msg(MARK, "2026-09-21 06:15:00", videos=[{"uri": f"{box}/videos/2345678901_10158_n.mp4",
                                                  "creation_timestamp": ms("2026-09-21 06:15:00") // 1000,
                                                  "thumbnail": {"uri": f"{box}/videos/thumbnails/2345678901.jpg"}}]),
        msg(MARK, "2026-09-21 06:16:00", audio_files=media(box, "audio", "audioclip17000001_10158.mp4",
                                                           "2026-09-21 06:16:00")),
        msg(MARK, "2026-09-21 06:17:00", files=media(box, "files", "our_photos_2025.pdf", "2026-09-21 06:17:00")),
        msg(MARK, "2026-09-21 06:18:00", gifs=[{"uri": f"{box}/gifs/3456789012_10158_n.gif"}]),
        msg(MARK, "2026-09-22 21:30:00", "  I’ll be at the station at 8  \n\n  you’ll see  "),
        msg(MARK, "2026-09-23 03:12:00"),
        msg(MARK, "2026-09-24 10:00:00", is_geoblocked_for_viewer=True),
        msg(MARK, "2026-09-25 18:00:00", "café at 6? £20 says you come", ip="203.0.113.45"),
    ]
    return envelope([MARK, SAM], newest_first(messages), MARK, "inbox/markdoe_10158")


def group_thread() -> dict:
    box = f"{FB_DIR}/inbox/saturdaycrew_10159"
    messages = [
        msg(ZOE, "2026-09-05 10:00:00", "Zoë Quill added Mark Doe to the group.", type="Subscribe",
            users=[{"name": MARK}]),
        msg(MARK, "2026-09-05 10:02:00", "Hi all 👋", type="Generic",
            reactions=[{"reaction": "👍", "actor": ZOE}, {"reaction": "😬", "actor": PRIYA}]),
        msg(MARK, "2026-09-05 10:30:00", "Mark Doe started a video chat.", type="Call", call_duration=0),
        msg(ZOE, "2026-09-05 11:10:00", "The video chat ended.", type="Call", call_duration=412),
        msg(PRIYA, "2026-09-06 08:00:00", "Sam, are you ok?", type="Generic",
            photos=media(box, "photos", "4567890123_10159_n.jpg", "2026-09-06 08:00:00")),
        msg(SAM, "2026-09-06 08:05:00", "Sam Taylor left the group.", type="Unsubscribe", users=[{"name": SAM}]),
    ]
    return envelope([MARK, PRIYA, ZOE], newest_first(messages), "Saturday crew 🍻", "inbox/saturdaycrew_10159",
                    still=False, image={"uri": f"{FB_DIR}/photos/saturdaycrew_image.jpg",
                                        "creation_timestamp": ms("2026-08-01 12:00:00") // 1000})


def participants_last() -> dict:
    box = f"{FB_DIR}/message_requests/markdoe2_10160"
    messages = newest_first([
        msg(MARK, "2026-10-04 21:12:03", "New account. You can't block them all"),
        msg(MARK, "2026-10-04 21:12:30", photos=media(box, "photos", "5678901234_10160_n.jpg", "2026-10-04 21:12:30")),
        msg(MARK, "2026-10-04 21:13:00", "Remember this place?"),
    ])
    return {"messages": messages, "participants": [{"name": MARK}, {"name": SAM}], "title": MARK,
            "is_still_participant": True, "thread_path": "message_requests/markdoe2_10160", "magic_words": []}


def small_thread(box: str, texts: list[tuple[str, str, str]], photo_at: str) -> dict:
    messages = [msg(sender, when, text) for sender, when, text in texts]
    messages.append(msg(MARK, photo_at, photos=media(box, "photos", "6789012345_10158_n.jpg", photo_at)))
    return envelope([MARK, SAM], newest_first(messages), MARK, box.split("/", 2)[-1])


def bad_timestamps() -> dict:
    box = f"{FB_DIR}/inbox/markdoe_10158"
    good = msg(MARK, "2026-10-05 09:00:00", "this one is fine",
               photos=media(box, "photos", "7890123456_10158_n.jpg", "2026-10-05 09:00:00"))
    broken = [{"sender_name": MARK, "timestamp_ms": 0, "content": "time 0"},
              {"sender_name": MARK, "timestamp_ms": "1791190800000", "content": "time as text"},
              {"sender_name": MARK, "content": "no time at all"},
              {"sender_name": MARK, "timestamp_ms": -1, "content": "time -1"},
              {"sender_name": MARK, "timestamp_ms": 1791190800000.5, "content": "a fraction of a millisecond"},
              {"sender_name": MARK, "timestamp_ms": 7258118400000, "content": "the year 2200"},
              {"sender_name": MARK, "timestamp_ms": True, "content": "time true"},
              "not an object",
              None,
              msg(MARK, "2026-10-05 09:05:00", "Mark Doe called you.", call_duration="long"),
              msg(MARK, "2026-10-05 09:06:00", "Mark Doe called you.", call_duration=-5),
              msg(MARK, "2026-10-05 09:07:00", 42)]
    return envelope([MARK, SAM], [good, *broken], MARK, "inbox/markdoe_10158")


def instagram_thread() -> dict:
    box = f"{IG_DIR}/inbox/markdoe88_17845022334"
    messages = [
        msg(MARK, "2026-10-01 20:00:00", "Found you on here 👀"),
        msg(MARK, "2026-10-01 20:00:30", "nice dress",
            share={"link": "https://www.instagram.com/stories/samtaylor.example/3141592653589793/",
                   "original_content_owner": "samtaylor.example"}),
        msg(MARK, "2026-10-01 20:01:00", "Mark Doe sent an attachment.",
            share={"link": "https://www.instagram.com/reel/ExAmPlE123/", "share_text": "Café ☕ vibes",
                   "original_content_owner": "coffee.example"}),
        msg(SAM, "2026-10-01 20:05:00", "Leave me alone.",
            reactions=[{"reaction": "❤️", "actor": MARK, "timestamp": ms("2026-10-01 20:06:00") // 1000}]),
        msg(MARK, "2026-10-01 20:06:00", "Liked a message"),
        msg(MARK, "2026-10-02 01:00:00", audio_files=media(box, "audio", "audioclip17845_1.mp4", "2026-10-02 01:00:00")),
        msg(MARK, "2026-10-02 01:10:00", "You missed a video chat with Mark Doe.", call_duration=0),
        msg(MARK, "2026-10-02 01:12:00", "Video chat ended", call_duration=1325),
        msg(MARK, "2026-10-02 01:30:00", photos=media(box, "photos", "17845_1_n.jpg", "2026-10-02 01:30:00")),
    ]
    return envelope([MARK, SAM], newest_first(messages), MARK, "inbox/markdoe88_17845022334",
                    joinable_mode={"mode": 1, "link": ""})


def old_layout(box: str, share_owner: bool) -> dict:
    messages = [msg(MARK, "2026-10-03 19:05:33", "Why did you block me?", type="Generic", is_unsent=False),
                msg(MARK, "2026-10-03 19:06:10", type="Generic", is_unsent=False,
                    photos=media(box, "photos", "8901234567_n.jpg", "2026-10-03 19:06:10"))]
    if share_owner:
        messages.append(msg(MARK, "2026-10-03 19:07:00", "Mark Doe sent an attachment.", type="Share",
                            is_unsent=False, share={"link": "https://www.instagram.com/p/ExAmPlE456/",
                                                    "original_content_owner": "markdoe_88"}))
    return envelope([MARK, SAM], newest_first(messages), MARK, box.split("/", 1)[1], thread_type="Regular")


NOT_MINE = {
    "telegram_result.json": json.dumps({
        "name": "Mark D", "type": "personal_chat", "id": 4815162342,
        "messages": [{"id": 1, "type": "message", "date": "2026-10-12T21:04:05", "date_unixtime": "1791835445",
                      "from": "Mark D", "from_id": "user4815162342", "text": "found you here too",
                      "text_entities": [{"type": "plain", "text": "found you here too"}]}]}, indent=1),
    "google_chat_messages.json": json.dumps({"messages": [
        {"creator": {"name": "Mark Doe", "email": "mark.doe@example.com", "user_type": "Human"},
         "created_date": "Monday, 12 October 2026 at 21:04:05 UTC", "text": "hi", "topic_id": "AbCdEf"}]}, indent=2),
    "random.json": json.dumps({"name": "shopping list", "items": ["milk", "bread"], "messages": 3}, indent=2),
    "nested_messages.json": json.dumps({"data": {"messages": [
        {"sender_name": "Mark Doe", "timestamp_ms": 1791835445000, "content": "hi"}]}}, indent=2),
    "whatsapp_chat.txt": "12/10/2026, 21:04 - Mark D: found you here too\n12/10/2026, 21:05 - Sam Taylor: Stop.\n",
}


def main() -> None:
    fb_box, old_box = f"{FB_DIR}/inbox/markdoe_10158", "messages/inbox/markdoe_10158"
    write(HERE / "thread.json", meta_json(messenger_thread()))
    write(HERE / "group.json", meta_json(group_thread()))
    write(HERE / "participants_last.json", meta_json(participants_last()))
    text = meta_json(small_thread(fb_box, [(MARK, "2026-10-06 23:48:02", "Sorry. I shouldn't have sent that"),
                                           (MARK, "2026-10-06 23:50:00", "I know where you work now"),
                                           (MARK, "2026-10-06 23:55:00", "Answer me")], "2026-10-06 23:58:00"))
    write(HERE / "truncated.json", text[:text.index("I know where") + len("I know")])
    write(HERE / "bad_timestamps.json", meta_json(bad_timestamps()))
    text = meta_json(small_thread(fb_box, [(MARK, "2026-10-07 20:00:00", "QUOTED"), (MARK, "2026-10-07 20:01:00", "CUT"),
                                           (MARK, "2026-10-07 20:02:00", "UTF8")], "2026-10-07 19:59:00"))
    raw = text.encode("ascii").replace(b"QUOTED", b"\x93I\x92m outside\x94").replace(b"CUT", b"ends \xe2\x80 here")
    write(HERE / "bad_bytes.json", raw.replace(b"UTF8", "café".encode()))
    resaved = small_thread(fb_box, [(ZOE, "2026-10-08 09:00:00", "Café at 6? 😀 Zoë")], "2026-10-08 08:59:00")
    write(HERE / "resaved_utf8.json", b"\xef\xbb\xbf" + json.dumps(resaved, indent=2, ensure_ascii=False).encode())
    text = meta_json(small_thread(fb_box, [(MARK, "2026-10-09 20:00:00", "one"), (MARK, "2026-10-09 20:01:00", "two"),
                                           (MARK, "2026-10-09 20:02:00", "three")], "2026-10-09 19:59:00"))
    start = text.index('"messages"')
    cut = [i for i in range(start, len(text)) if text.startswith("},\n    {", i)][1]
    write(HERE / "malformed.json", text[:cut + 1] + text[cut + 2:])
    write(HERE / "empty_group.json", meta_json(envelope(
        [MARK, PRIYA], [], "Old friends", "inbox/oldfriends_10161",
        image={"uri": f"{FB_DIR}/photos/oldfriends_image.jpg", "creation_timestamp": ms("2026-08-01 12:00:00") // 1000})))

    write(IG / "thread.json", meta_json(instagram_thread()))
    write(IG / "old_layout_share.json", meta_json(old_layout("messages/inbox/markdoe88_17845022334", True)))
    write(IG / "no_evidence.json", meta_json(old_layout(old_box, False)))

    for folder in (HERE / "not_mine", IG / "not_mine"):
        for name, content in NOT_MINE.items():
            write(folder / name, content if content.endswith("\n") else content + "\n")
    write(HERE / "not_mine" / "instagram_thread.json", meta_json(instagram_thread()))
    write(HERE / "not_mine" / "meta_no_evidence.json", meta_json(old_layout(old_box, False)))
    write(IG / "not_mine" / "messenger_thread.json", meta_json(messenger_thread()))
    write(IG / "not_mine" / "chat_list.json", json.dumps(
        [{"timestamp": "2026-10-01T20:00:00", "author": "Mark Doe", "message": "hi"}], indent=4) + "\n")


if __name__ == "__main__":
    main()
