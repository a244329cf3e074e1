def index(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def county(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def export_csv(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def export_xlsx(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def hub_report(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def hub_export_csv(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def hub_export_xlsx(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError
