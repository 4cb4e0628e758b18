"""Where notices go besides the product itself (every notice shows on the department's 工作台):
mail to the department's users, and the apprise URLs of ``LUOSHI_NOTIFY_URLS`` (SMS gateways,
钉钉 / 企业微信 / 政务微信 group robots). A channel raises when it fails; the caller retries it
later and carries on with the others."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    emails: tuple[str, ...]  # the department's users


@dataclass(frozen=True)
class Channel:
    name: str
    send: Callable[[Message], None]


class ChannelError(Exception):
    pass


def _mail(message: Message) -> None:
    if message.emails:
        send_mail(message.title, message.body, None, list(message.emails))


def _apprise(url: str) -> Callable[[Message], None]:
    def send(message: Message) -> None:
        import apprise

        sender = apprise.Apprise()
        if not sender.add(url):
            raise ChannelError("not a notification URL apprise knows")
        if not sender.notify(title=message.title, body=message.body):
            raise ChannelError("the service did not accept the message")

    return send


def configured_channels() -> list[Channel]:
    """The channels of this installation, by name (a delivery remembers its channel's name)."""
    found = [Channel("email", _mail)]
    for number, url in enumerate(settings.LUOSHI_NOTIFY_URLS, start=1):
        scheme = url.split("://", 1)[0] or "url"
        found.append(Channel(f"{scheme}-{number}", _apprise(url)))
    return found
