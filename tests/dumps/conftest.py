import pytest

from items.synthetic import generate_archive


@pytest.fixture(params=["demo", "generated"])
def archive(request):
    """The demo archive (the seed's records), or a generated one: every record
    type in numbers, with what the demo lacks (nested places, many credits).
    """
    if request.param == "demo":
        request.getfixturevalue("demo")
    else:
        generate_archive(updates=120, seed=8)
    return request.param
