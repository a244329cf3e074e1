def suggest(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def moderation(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def moderate_tool(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def moderate_review(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def catalogue(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def tool_create(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def tool_edit(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def assessment_create(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def decisions(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError


def adoptions(request, **kwargs):  # TEMPORARY until the helper writes it
    raise NotImplementedError
