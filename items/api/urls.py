from rest_framework.routers import SimpleRouter

from .events import EventViewSet
from .views import (
    ContributionViewSet,
    MediaViewSet,
    QuoteViewSet,
    StoryViewSet,
    UpdateViewSet,
)

router = SimpleRouter()
router.register("stories", StoryViewSet)
router.register("updates", UpdateViewSet)
router.register("quotes", QuoteViewSet)
router.register("media", MediaViewSet)
router.register("contributions", ContributionViewSet)
router.register("events", EventViewSet)
