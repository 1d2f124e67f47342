"""Instagram direct messages from Meta's "Download your information" (JSON), one thread file at a time.

How users get it: Instagram → Settings → Accounts Centre → Your information and permissions →
Download your information, format JSON, "Messages" ticked. The zip holds one folder per thread,
`your_instagram_activity/messages/inbox/<thread>/message_1.json` (downloads from 2020 to 2023:
`messages/inbox/<thread>/…`; also `message_requests/`), with photos, videos and audio beside it.
The thread folder is the other person's username and a number (`markdoe88_17845…`); sender_name
is the name Instagram showed for the sender. Long threads are cut into message_1.json (newest), message_2.json…, each
read on its own, messages newest first.

The JSON is Messenger's (see `messenger_json` for what becomes of every field: records per message,
media as attachments, shares, reactions, calls, unsent messages, notices, Meta's mojibake). What
Instagram adds: a share of a post or reel carries `original_content_owner` (details share_owner)
and its link; reactions carry their own time (details reactions "❤️ by Mark Doe at
2026-10-01T20:06:00Z"); "Liked a message", story replies and "sent an attachment." lines are
written as ordinary messages by the person who did them, and are kept as that person's messages.

Which app wrote a file is decided by `meta_json.app_of`: media paths under
`your_instagram_activity/`, the file's path in that folder, or a shared post's
`original_content_owner` make it Instagram. A Meta message file that says nothing either way is
read here, as Instagram, by default, with a warning that the channel is a default and not a
finding (see `meta_json`); Messenger claims only files that show Facebook's folders.
Not read: `magic_words`, `joinable_mode`, `is_still_participant`, media `creation_timestamp`, and
the media files themselves (preserved as exhibits by the pipeline).
"""

from __future__ import annotations

from collections.abc import Iterator

from caselog.model import Problems, Record, Source
from caselog.parsers import meta_json

name = "instagram_json"
description = "Instagram direct messages from Meta's 'Download your information' (message_N.json)"
CHANNEL = "instagram"


def identify(source: Source) -> bool:
    found = meta_json.app_of(source)
    return found is not None and found[0] == CHANNEL


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    return meta_json.parse(source, problems, CHANNEL)
