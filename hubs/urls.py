from .urls_imports import urlpatterns as import_patterns
from .urls_public import urlpatterns as public_patterns
from .urls_workspace import urlpatterns as workspace_patterns

app_name = "hubs"

# Public patterns last: they end in the catch-all hub page "<slug>/".
urlpatterns = [*workspace_patterns, *import_patterns, *public_patterns]
