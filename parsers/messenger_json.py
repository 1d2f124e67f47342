"""Facebook Messenger chats from Meta's "Download your information" (JSON), one thread file at a time.

How users get it: Facebook → Settings → Accounts Centre → Your information and permissions →
Download your information, format JSON, "Messages" ticked. The zip holds one folder per thread,
`your_activity_across_facebook/messages/inbox/<thread>/message_1.json` (downloads before 2023/24:
`messages/inbox/<thread>/…`; also `message_requests/`, `archived_threads/`, `filtered_threads/`),
with photos, videos and audio beside it. A long thread is cut into `message_1.json`,
`message_2.json`…; each is its own source and is read on its own. message_1 holds the NEWEST
messages and every file lists them newest first; the timeline sorts them.

Each item of "messages" becomes one record (locator `messages[i]`, the index in the file):
- `timestamp_ms`: epoch milliseconds, an instant (aware UTC). Missing, 0, text or a fraction:
  the message is left out and listed in problems.
- `sender_name` → sender and sender_name as written (repaired, see below); the download does not
  say whose account it is, so direction is "unknown" and normalise decides it from the case's
  identifiers. Recipients are the thread's other participants at the time of the download.
- `content` → body exactly as sent, newlines and emoji kept; none for media-only messages.
- `photos`, `videos`, `audio_files`, `files`, `gifs`, `sticker`: attachments of the message, named by
  the uri's last part; the full uris are kept in details under Meta's own key.
- `share` (a link sent): details share_link, share_text and share_owner; the body stays the content.
- `reactions`: part of their message, details["reactions"] = "❤ by Sam Taylor; 😮 by Mark Doe".
- calls (`type` "Call" or a `call_duration`): kind "call", the sender placed it, duration_s, and
  call_outcome "answered", or "missed" when Meta wrote 0 seconds; the content ("You missed a call
  from …") is the body.
- `is_unsent`: kept as a message with details unsent="true", body as exported (usually none).
- `is_geoblocked_for_viewer` true (Meta withheld the message from the account owner): details
  geoblocked="true".
- `type` "Subscribe"/"Unsubscribe" (people added to or leaving a group) are app notices: kept with
  details notice="true" and the actor and users in details, never counted as contact.
- An entry with no text, media, share or call is kept as the sender's message with a warning.
- Other fields are kept in details as meta_<field>, as written (unless empty or false).
Meta's mojibake (UTF-8 bytes written as `\\u00f0\\u009f\\u0098\\u0080`) is undone in text, names,
titles, reactions and uris, exactly and only where it is mojibake (`meta_records.repair_text`).

Which of Messenger and Instagram wrote a file is decided by `meta_json.app_of` (its doc gives the
rule); this parser claims exactly the files it gives to Messenger. The thread column is the title,
else thread_path (both follow the messages: a file cut short falls back on its folder,
`inbox/<thread>`); details thread_path ties the files of one thread together. Not read:
`magic_words`, `image`, `joinable_mode`, `is_still_participant`, media `creation_timestamp` and
video thumbnails, and the media files themselves (the pipeline preserves them as exhibits).
Notices Meta writes as ordinary text (a group renamed, a nickname set) cannot be told from messages
but by their wording, and are kept as the actor's messages.
"""

from __future__ import annotations

from collections.abc import Iterator

from caselog.model import Problems, Record, Source
from caselog.parsers import meta_json

name = "messenger_json"
description = "Facebook Messenger thread from Meta's 'Download your information' (message_N.json)"
CHANNEL = "messenger"


def identify(source: Source) -> bool:
    found = meta_json.app_of(source)
    return found is not None and found[0] == CHANNEL


def parse(source: Source, problems: Problems) -> Iterator[Record]:
    return meta_json.parse(source, problems, CHANNEL)
