"""Django's JSON serialisation, with times to the microsecond (Django's own rounds them to
milliseconds). A backup must give back every record exactly: the audit chain's hashes cover
the entries' times. Registered as the format "exactjson" (SERIALIZATION_MODULES)."""

import datetime

from django.core.serializers.json import (
    Deserializer,  # noqa: F401 (the format's reader)
    DjangoJSONEncoder,
)
from django.core.serializers.json import Serializer as JSONSerializer


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder
