"""The zangraph vocabulary as code.

``ZG`` is an rdflib ``DefinedNamespace``: a misspelt term raises ``AttributeError``
(``_fail = True``), and ``tests/test_ontology.py`` checks that these terms and
``zangraph.ttl`` agree.

>>> str(ZG.validFrom)
'https://w3id.org/zangraph/ontology#validFrom'
"""

from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

TTL_PATH = Path(__file__).with_name("zangraph.ttl")
ELI = Namespace("http://data.europa.eu/eli/ontology#")


class ZG(DefinedNamespace):
    """zangraph ontology terms; comments are in ``zangraph.ttl``."""

    _NS = Namespace("https://w3id.org/zangraph/ontology#")
    _fail = True

    Act: URIRef
    Provision: URIRef
    Version: URIRef
    Amendment: URIRef
    Suspension: URIRef
    Operation: URIRef
    EntryIntoForceRule: URIRef
    Position: URIRef
    Requirement: URIRef
    Substitution: URIRef
    Insertion: URIRef
    Repeal: URIRef
    WordReplacement: URIRef
    Renumbering: URIRef
    Change: URIRef
    key: URIRef
    kind: URIRef
    issuer: URIRef
    textInCorpus: URIRef
    language: URIRef
    registrationNumber: URIRef
    registrationDate: URIRef
    entryIntoForce: URIRef
    ruleKind: URIRef
    daysAfterPublication: URIRef
    fixedDate: URIRef
    ruleText: URIRef
    publicationDate: URIRef
    publicationDateSource: URIRef
    repealedBy: URIRef
    eId: URIRef
    act: URIRef
    provisionKind: URIRef
    number: URIRef
    heading: URIRef
    order: URIRef
    sourceLine: URIRef
    approvalText: URIRef
    versionOf: URIRef
    validFrom: URIRef
    validFromLatest: URIRef
    validUntil: URIRef
    validUntilLatest: URIRef
    text: URIRef
    textKnown: URIRef
    introducedBy: URIRef
    endedBy: URIRef
    amendingAct: URIRef
    amendingProvision: URIRef
    targetAct: URIRef
    target: URIRef
    operation: URIRef
    effectiveFrom: URIRef
    effectiveFromLatest: URIRef
    newText: URIRef
    oldText: URIRef
    retroactiveFrom: URIRef
    rawSource: URIRef
    sourceFile: URIRef
    Consolidation: URIRef
    learntFrom: URIRef
    sourceText: URIRef
    footnote: URIRef
    positionNumber: URIRef
    category: URIRef
    headcount: URIRef
    establishedBy: URIRef
    appliesTo: URIRef
    statedIn: URIRef
    alternative: URIRef
    minTotalExperienceMonths: URIRef
    minSectorExperienceMonths: URIRef
    Candidate: URIRef
    Education: URIRef
    Experience: URIRef
    ExperiencePeriod: URIRef
    education: URIRef
    experience: URIRef
    age: URIRef
    condition: URIRef
    experienceKind: URIRef
    months: URIRef
    educationLevel: URIRef
    educationField: URIRef
    educationWaiverMonths: URIRef
    maxAge: URIRef
    minPeriod: URIRef
    acceptedCategory: URIRef
    minStaff: URIRef
    alsoAccepted: URIRef
    note: URIRef
    experienceDefinedBy: URIRef
    positionTitle: URIRef
    unit: URIRef
    competencies: URIRef
    duties: URIRef
    PositionCard: URIRef
    card: URIRef
    sourceFormat: URIRef
    versionDate: URIRef
    causedBy: URIRef
    portalCode: URIRef
    portalUrl: URIRef
    replacesPortalCode: URIRef
    effectiveFromSource: URIRef
    sourceHash: URIRef
    commit: URIRef
    knownOn: URIRef
    wordingFrom: URIRef
    answerData: URIRef
    answersStale: URIRef
    historyClone: URIRef
    lastCommit: URIRef
    pendingGraph: URIRef
    pendingAct: URIRef
    suspendedUntil: URIRef
    publication: URIRef


__all__ = ["ELI", "TTL_PATH", "ZG"]
