from rest_framework.routers import SimpleRouter

from .views import AffiliationViewSet, OrganizationViewSet, PersonViewSet

router = SimpleRouter()
router.register("persons", PersonViewSet)
router.register("organizations", OrganizationViewSet)
router.register("affiliations", AffiliationViewSet)
