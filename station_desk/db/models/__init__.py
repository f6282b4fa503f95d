"""All mapped models; importing this package registers every table on `Base.metadata`.

Each module names its models in its `__all__`; the package offers them all."""

from station_desk.db.models.accounts import *
from station_desk.db.models.audit import *
from station_desk.db.models.base import *
from station_desk.db.models.contacts import *
from station_desk.db.models.duty import *
from station_desk.db.models.mediation import *
from station_desk.db.models.meetings import *
from station_desk.db.models.reports import *
from station_desk.db.models.residents import *
from station_desk.db.models.search import *
from station_desk.db.models.station import *
from station_desk.db.models.volunteers import *
from station_desk.db.models.youth import *
