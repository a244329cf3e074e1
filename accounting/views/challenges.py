def challenge_list(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def challenge_create(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def challenge_detail(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def challenge_edit(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def challenge_update(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def sub_results(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def self_assessment(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError
