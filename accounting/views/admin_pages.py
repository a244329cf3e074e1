def indicator_list(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def indicator_edit(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def targets(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def manual_values(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def runs(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def recompute(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def annual_report(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def annual_report_pdf(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def open_data(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def open_data_file(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError
