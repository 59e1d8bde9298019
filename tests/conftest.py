"""Shared pytest fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.annotation import to_annotation
from etl.pipeline import extract_report

# --------------------------------------------------------------------------- sample graph
# Hand-written ReportExtraction records (invented region 江南省青州市临河区, invented people and
# projects): three reports — the district standing committee for 2022 and 2023, and the
# district CPPCC for 2023 — with bodies, people and posts, laws and actions, activities with
# counts, meetings, nested places and projects. Used by the query, remote and serve tests
# until the pipeline builds examples/reports; self-contained on purpose.

SAMPLE_SHA = {
    "renda_2023": "a1" * 32,
    "renda_2022": "b2" * 32,
    "zhengxie_2023": "c3" * 32,
}


def _ev(quote: str, start: int, rule: str = "fixture"):
    from etl.models import Evidence

    return Evidence(start=start, end=start + len(quote), quote=quote, rule=rule)


def _places():
    from etl.models import Place

    return (
        Place(name="江南省", aliases=("江南",), level="province"),
        Place(name="江南省青州市", aliases=("青州市", "青州"), level="city", parent="江南省"),
        Place(name="青州市临河区", aliases=("临河区", "临河"), level="county", parent="江南省青州市"),
        Place(name="青州市临河区白沙镇", aliases=("白沙镇",), level="town", parent="青州市临河区"),
        Place(name="青州市临河区白沙镇柳岸村", aliases=("柳岸村",), level="community", parent="青州市临河区白沙镇"),
    )


def _renda_2023():
    from etl.models import (
        Activity,
        Author,
        Body,
        Law,
        LawAction,
        Meeting,
        Metadata,
        Person,
        Post,
        Project,
        ReportExtraction,
    )

    c = "青州市临河区人大常委会"
    s1 = _ev("全年召开常委会会议8次，开展执法检查4次，听取审议专项工作报告18项。", 120)
    s2 = _ev("常委会开展《中华人民共和国大气污染防治法》贯彻实施情况执法检查，副主任林晓雯带队。", 300)
    s3 = _ev("制定《青州市临河区人大常委会讨论决定重大事项的规定》。", 420)
    s4 = _ev("督办代表建议120件，已全部办复。", 500)
    s5 = _ev("视察临河滨江绿道工程和柳岸村污水治理项目。", 560)
    s6 = _ev("区政府区长陈立到会报告工作。", 640)
    s7 = _ev("修订《江南省河道管理条例》实施办法后开展执法检查。", 700)
    return ReportExtraction(
        document="renda_2023",
        sha256=SAMPLE_SHA["renda_2023"],
        path="tests/renda_2023.txt",
        metadata=Metadata(
            title="青州市临河区人民代表大会常务委员会工作报告",
            author=Author(name="周明远", role="主任", body=c),
            date="2024-01-12",
            region="青州市临河区",
            issuing_body=c,
            period="2023",
            genre="work_report",
            meeting="青州市临河区第五届人民代表大会第三次会议",
        ),
        bodies=(
            Body(name=c, kind="standing_committee", aliases=("临河区人大常委会", "区人大常委会"),
                 region="青州市临河区", evidence=(s1, s2)),
            Body(name="青州市临河区人大", kind="people_congress", aliases=("区人大",), evidence=(s4,)),
            Body(name="青州市临河区政府", kind="government", aliases=("区政府",), evidence=(s6,)),
            Body(name="青州市临河区生态环境分局", kind="government_department", aliases=("区生态环境分局",),
                 parent="青州市临河区政府", evidence=(s2,)),
        ),
        people=(
            Person(name="周明远", posts=(Post(post="主任", body=c, period="2023", evidence=(_ev("主任 周明远", 30),)),)),
            Person(name="林晓雯", posts=(Post(post="副主任", body=c, period="2023", evidence=(s2,)),), evidence=(s2,)),
            Person(name="陈立", posts=(Post(post="区长", body="青州市临河区政府", period="2023", evidence=(s6,)),),
                   evidence=(s6,)),
        ),
        laws=(
            Law(name="中华人民共和国大气污染防治法", kind="law", aliases=("大气污染防治法",),
                actions=(LawAction(action="inspected", body=c, period="2023", evidence=(s2,)),), evidence=(s2,)),
            Law(name="江南省河道管理条例", kind="regulation",
                actions=(LawAction(action="inspected", body=c, period="2023", evidence=(s7,)),
                         LawAction(action="revised", body=c, period="2023", evidence=(s7,))), evidence=(s7,)),
            Law(name="青州市临河区人大常委会讨论决定重大事项的规定", kind="rules",
                actions=(LawAction(action="enacted", body=c, period="2023", evidence=(s3,)),), evidence=(s3,)),
        ),
        projects=(
            Project(name="临河滨江绿道工程", place="青州市临河区白沙镇", evidence=(s5,)),
            Project(name="柳岸村污水治理项目", place="青州市临河区白沙镇柳岸村", evidence=(s5,)),
        ),
        places=_places(),
        meetings=(
            Meeting(name="青州市临河区第五届人民代表大会第三次会议", date="2024-01-12", body="青州市临河区人大",
                    evidence=(_ev("在青州市临河区第五届人民代表大会第三次会议上", 20),)),
            Meeting(name="青州市临河区第五届人大常委会第十次会议", aliases=("区五届人大常委会第十次会议",), body=c,
                    evidence=(s3,)),
        ),
        activities=(
            Activity(type="meeting_standing_committee", body=c, count=8, unit="次", period="2023",
                     topic="召开常委会会议", evidence=(s1,)),
            Activity(type="law_enforcement_inspection", body=c, count=4, unit="次", period="2023",
                     topic="开展执法检查", evidence=(s1,)),
            Activity(type="hearing_report", body=c, count=18, unit="项", period="2023",
                     topic="听取审议专项工作报告", evidence=(s1,)),
            Activity(type="inspection", body=c, period="2023", topic="视察临河滨江绿道工程", evidence=(s5,)),
            Activity(type="suggestion", body="青州市临河区人大", count=120, unit="件", period="2023",
                     topic="督办代表建议", evidence=(s4,)),
        ),
        report_evidence=_ev("青州市临河区人民代表大会常务委员会工作报告", 0),
    )


def _renda_2022():
    from etl.models import (
        Activity,
        Author,
        Body,
        Law,
        LawAction,
        Meeting,
        Metadata,
        Person,
        Post,
        ReportExtraction,
    )

    c = "青州市临河区人大常委会"
    s1 = _ev("全年召开常委会会议7次，开展执法检查3次，听取审议专项工作报告15项。", 110)
    s2 = _ev("常委会对《江南省湿地保护条例》开展执法检查。", 260)
    s3 = _ev("表决通过《关于加强柳岸古村保护的决定》。", 380)
    s4 = _ev("区政府副区长陈立作专项工作报告。", 450)
    return ReportExtraction(
        document="renda_2022",
        sha256=SAMPLE_SHA["renda_2022"],
        path="tests/renda_2022.txt",
        metadata=Metadata(
            title="青州市临河区人民代表大会常务委员会工作报告",
            subtitle="2023年1月10日在青州市临河区第五届人民代表大会第二次会议上",
            author=Author(name="周明远", role="主任", body=c),
            date="2023-01-10",
            region="青州市临河区",
            issuing_body=c,
            period="2022",
            genre="work_report",
            meeting="青州市临河区第五届人民代表大会第二次会议",
        ),
        bodies=(
            Body(name=c, kind="standing_committee", aliases=("临河区人大常委会", "常委会"), region="青州市临河区",
                 evidence=(s1,)),
            Body(name="青州市临河区政府", kind="government", aliases=("区政府",), evidence=(s4,)),
        ),
        people=(
            Person(name="周明远", posts=(Post(post="主任", body=c, period="2022", evidence=(_ev("主任 周明远", 28),)),)),
            Person(name="陈立", posts=(Post(post="副区长", body="青州市临河区政府", period="2022", evidence=(s4,)),),
                   evidence=(s4,)),
        ),
        laws=(
            Law(name="江南省湿地保护条例", kind="regulation",
                actions=(LawAction(action="inspected", body=c, period="2022", evidence=(s2,)),), evidence=(s2,)),
            Law(name="关于加强柳岸古村保护的决定", kind="decision",
                actions=(LawAction(action="passed", body=c, period="2022", evidence=(s3,)),), evidence=(s3,)),
        ),
        places=_places()[:3],
        meetings=(
            Meeting(name="青州市临河区第五届人民代表大会第二次会议", date="2023-01-10", body="青州市临河区人大",
                    evidence=(_ev("在青州市临河区第五届人民代表大会第二次会议上", 20),)),
        ),
        activities=(
            Activity(type="meeting_standing_committee", body=c, count=7, unit="次", period="2022",
                     topic="召开常委会会议", evidence=(s1,)),
            Activity(type="law_enforcement_inspection", body=c, count=3, unit="次", period="2022",
                     topic="开展执法检查", evidence=(s1,)),
            Activity(type="hearing_report", body=c, count=15, unit="项", period="2022",
                     topic="听取审议专项工作报告", evidence=(s1,)),
        ),
    )


def _zhengxie_2023():
    from etl.models import Activity, Author, Body, Meeting, Metadata, Person, Post, Project, ReportExtraction

    z = "青州市临河区政协"
    s1 = _ev("全年立案提案210件，召开专题协商会6次。", 90)
    s2 = _ev("围绕青州东站综合枢纽建设开展视察，主席韩松涛带队。", 200)
    s3 = _ev("配合区政府推进柳岸村污水治理项目。", 330)
    return ReportExtraction(
        document="zhengxie_2023",
        sha256=SAMPLE_SHA["zhengxie_2023"],
        path="tests/zhengxie_2023.txt",
        metadata=Metadata(
            title="政协青州市临河区委员会常务委员会工作报告",
            author=Author(name="韩松涛", role="主席", body=z),
            date="2024-01-11",
            region="青州市临河区",
            issuing_body=z,
            period="2023",
            genre="work_report",
        ),
        bodies=(
            Body(name=z, kind="cppcc", aliases=("临河区政协", "区政协"), region="青州市临河区", evidence=(s1,)),
            Body(name="青州市临河区政府", kind="government", aliases=("区政府",), evidence=(s3,)),
        ),
        people=(Person(name="韩松涛", posts=(Post(post="主席", body=z, period="2023", evidence=(s2,)),), evidence=(s2,)),),
        projects=(
            Project(name="青州东站综合枢纽", place="江南省青州市", evidence=(s2,)),
            Project(name="柳岸村污水治理项目", place="青州市临河区白沙镇柳岸村", evidence=(s3,)),
        ),
        places=_places(),
        meetings=(
            Meeting(name="政协青州市临河区第五届委员会第三次会议", date="2024-01-11", body=z,
                    evidence=(_ev("在政协青州市临河区第五届委员会第三次会议上", 15),)),
        ),
        activities=(
            Activity(type="proposal", body=z, count=210, unit="件", period="2023", topic="立案提案", evidence=(s1,)),
            Activity(type="consultation", body=z, count=6, unit="次", period="2023", topic="召开专题协商会",
                     evidence=(s1,)),
            Activity(type="inspection", body=z, period="2023", topic="视察青州东站综合枢纽建设", evidence=(s2,)),
        ),
    )


def sample_graphs() -> dict[str, str]:
    """Graph IRI → N-Quads of the three sample reports and the resolution graph of the
    decisions made about them (what ``Store.publish`` takes)."""
    from etl import identity
    from etl.rdf import report_iri

    exs = _sample_extractions()
    graphs = {report_iri(ex.sha256).value: identity.emit(ex) for ex in exs}
    graphs[identity.RESOLUTION_GRAPH] = identity.resolution_graph(exs, identity.resolve_corpus(exs))
    return graphs


def _sample_extractions():
    return (_renda_2023(), _renda_2022(), _zhengxie_2023())


@pytest.fixture(scope="session")
def sample_extractions():
    """Three hand-built ReportExtraction records (see the comment above)."""
    return _sample_extractions()


@pytest.fixture(scope="session")
def sample_graph_data() -> dict[str, str]:
    return sample_graphs()


@pytest.fixture
def sample_store(tmp_path, sample_graph_data):
    """An OxigraphStore in a temporary folder holding the three sample report graphs."""
    from etl.store import OxigraphStore

    store = OxigraphStore(tmp_path / "sample-store")
    store.publish(sample_graph_data)
    return store


@pytest.fixture
def sample_memory_store(sample_graph_data):
    """The same sample graphs in a MemoryStore (rdflib)."""
    from etl.store import MemoryStore

    store = MemoryStore()
    store.publish(sample_graph_data)
    return store


# --------------------------------------------------------------------------- examples/reports built
# The bundled sample reports built by the pipeline: the graph every template's `example` is
# written for.

EXAMPLE_REPORTS = Path(__file__).resolve().parent.parent / "examples" / "reports"


@pytest.fixture(scope="session")
def example_graphs(tmp_path_factory) -> dict[str, str]:
    """Graph IRI → N-Quads of examples/reports as built by ``etl.pipeline.build``."""
    from collections import defaultdict

    from etl.pipeline import build
    from etl.store import OxigraphStore

    store = OxigraphStore(tmp_path_factory.mktemp("examples") / "store")
    build([EXAMPLE_REPORTS], store, workers=1)
    graphs: dict[str, list[str]] = defaultdict(list)
    for q in store.quads():
        graphs[q.graph_name.value].append(f"{q} .\n")
    return {g: "".join(sorted(lines)) for g, lines in graphs.items()}


@pytest.fixture(scope="session")
def example_store(tmp_path_factory, example_graphs):
    """An OxigraphStore holding examples/reports as built by the pipeline."""
    from etl.store import OxigraphStore

    store = OxigraphStore(tmp_path_factory.mktemp("example-store") / "store")
    store.publish(example_graphs)
    return store


def sorted_nquads(store) -> str:
    """The store's report graphs as sorted N-Quads text: equal for equal content."""
    return "".join(sorted(f"{q} .\n" for q in store.quads()))


def example_corpus(tmp_path) -> Path:
    """A copy of examples/reports that a test may change."""
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "reports", corpus)
    return corpus


def append_paragraph(path: Path, text: str) -> None:
    """Change a report the way an editor would: a paragraph added at the end."""
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def annotate_text(tmp_path: Path, text: str):
    """The gold-format annotation of ``text`` written as one report (tests on short sentences)."""
    p = tmp_path / "report.txt"
    p.write_text(text, encoding="utf-8")
    return to_annotation(extract_report(p))
