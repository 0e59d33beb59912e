"""Words the rules rely on, as data: reporting verbs, titles, nouns for people and bodies.

Each list states a fact of English news copy, not of one story. A rule elsewhere says how a
list is used; adding a word here never needs a change there.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _inflect(lemma: str) -> tuple[str, ...]:
    """The regular forms of a verb: "claim" → claim, claims, claimed, claiming."""
    if lemma.endswith("ee"):
        return (lemma, lemma + "s", lemma + "d", lemma + "ing")
    if lemma.endswith("e"):
        return (lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return (lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
    if lemma.endswith(("sh", "ch", "ss", "x")):
        return (lemma, lemma + "es", lemma + "ed", lemma + "ing")
    return (lemma, lemma + "s", lemma + "ed", lemma + "ing")


_IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "writing", "written"),
    "tweet": ("tweet", "tweets", "tweeted", "tweeting"),
    "post": ("post", "posts", "posted", "posting"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "quip": ("quip", "quips", "quipped", "quipping"),
    "refer": ("refer", "refers", "referred", "referring"),
    "testify": ("testify", "testifies", "testified", "testifying"),
    "emphasise": (
        "emphasise",
        "emphasises",
        "emphasised",
        "emphasising",
        "emphasize",
        "emphasizes",
        "emphasized",
        "emphasizing",
    ),
    "reaffirm": ("reaffirm", "reaffirms", "reaffirmed", "reaffirming"),
    "forecast": ("forecast", "forecasts", "forecasted", "forecasting"),
    "read": ("reads", "read"),
    "go on to say": (),
}

# Verbs whose content clause is reported speech (GUIDELINES.md, "What is a quote" 2, and "the
# verb list is open"). "tell" and "inform" take the hearer as an object first.
REPORTING = _words(
    "say tell add state claim note reveal report indicate insist warn announce write tweet deny "
    "contend conclude deem estimate promise declare confirm allege testify observe comment remark "
    "emphasise explain stress argue assert maintain acknowledge admit caution predict concede "
    "complain disclose mention suggest reply respond answer recall reiterate reaffirm clarify "
    "inform assure affirm hint speculate forecast point rule suppose posit theorise theorize quip "
    "profess"
)
# Verbs that take a content clause, not a noun object, whenever no quotation or preposition
# follows: "said fixing the plant may take a year".
CLAUSE_BY_DEFAULT = _words("say tell add insist contend assert maintain argue")
# Verbs that report only with their particle: "pointed out (that) …".
PARTICLES = {"point": "out"}
# Particles after which a verb no longer reports: "ruled out a deal".
NOT_REPORTING_PARTICLES = {"rule": ("out", "over")}
# Verbs whose object is the hearer before the clause: "told reporters (that) …".
HEARER_FIRST = _words("tell inform assure")
# Verbs that attribute words in quotation marks but whose object is not reported speech:
# directives, actions, descriptions ("called it “a non-starter”", "asking Cengiz to be “patient
# and resilient”"); GUIDELINES.md "What is a quote" 4.
QUOTE_ONLY = _words(
    "ask urge call describe characterise characterize label brand term cite plead demand "
    "question wonder joke shout propose read continue post criticise criticize praise accuse blame vow "
    "pledge welcome hail dismiss reject condemn denounce refer"
)
# Nouns that are spoken or written words: "a statement from X", "the WHO's website said".
DOCUMENTS = _words(
    "statement statements report reports tweet tweets post posts release releases website "
    "site letter communique communiqué readout transcript notice memo note message filing "
    "ruling judgment judgement verdict interview announcement broadcast bulletin schedule blog "
    "account summary excerpt decision opinion"
)
# Words after a document noun that show it heads the phrase: "a statement released by …".
AFTER_DOCUMENTS = _words(
    "by from of released issued posted sent shared signed written on dated published in which "
    "that read"
)
# Verbs of deciding whose object is a clause: "the court decided, according to …, that …".
DECIDING = _words("decided ruled found held determined concluded")
# A court's documents: "the decision" with no owner named is the court's.
JUDICIAL_DOCUMENTS = _words("decision ruling judgment judgement verdict opinion")
# "Part of the statement", "an excerpt from the ruling": the document speaks.
PARTITIVES = _words("part parts much excerpt excerpts portion")
# Evidence that is nobody's words: "according to data from …", "videos show …".
NOT_SOURCES = _words(
    "data figures statistics survey surveys poll polls videos video footage images photos "
    "pictures records record research study studies analysis estimates estimate count tally "
    "calculations numbers facts evidence documents"
)

VERB_FORMS: dict[str, str] = {}
for _lemma in REPORTING | QUOTE_ONLY:
    for _form in _IRREGULAR.get(_lemma) or _inflect(_lemma):
        VERB_FORMS.setdefault(_form, _lemma)
PARTICIPLES = frozenset(form for form, lemma in VERB_FORMS.items() if form.endswith("ing"))
REPORTING_FORMS = frozenset(form for form, lemma in VERB_FORMS.items() if lemma in REPORTING)

# Forms that are far more often nouns: they are verbs only after a subject-like word.
NOUN_LIKE = _words(
    "report reports claim claims estimate estimates comment comments note notes post posts tweet "
    "tweets call calls reply replies answer answers warning warnings promise promises read "
    "question questions plea pleas praise concede reading continue state states rule rules"
)
# Words before such a form that make it a noun ("the company's report", "press release").
BEFORE_NOUNS = frozenset(
    ["'s", "’s", "initial", "media", "press", "news", "new", "previous", "such"]
)
# Words after such a form that make it a noun ("reports of", "claims were", "US states as").
AFTER_NOUNS = frozenset(
    ["of", "by", "from", "for", "as", "is", "are", "was", "were", "has", "have", ",", ".", ";", ")"]
)

# Tokens between a subject and its verb: "X also said", "X has since said", "X on Friday said".
BETWEEN_SUBJECT_AND_VERB = _words(
    "also has have had would will did does do later earlier previously further then again "
    "repeatedly publicly privately reportedly once already subsequently initially too since "
    "yesterday today separately recently still first later however both even himself herself "
    "themselves itself then immediately quickly simply just"
)
WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
MONTHS = _words(
    "january february march april may june july august september october november december"
)
TIME_WORDS = WEEKDAYS | _words(
    "yesterday today tonight earlier later last this next morning afternoon evening night week "
    "month year weekend late early previously recently tomorrow"
)
AUXILIARIES = _words(
    "is are was were be been being am has have had will would can could should shall may might "
    "must do does did"
)
# Finite verbs that are not "-ed" forms, for telling a clause from a noun object.
FINITE = AUXILIARIES | _words(
    "won't can't don't doesn't didn't isn't aren't wasn't weren't hasn't haven't hadn't wouldn't "
    "couldn't shouldn't went came took made got gave knew thought saw found left lost kept held "
    "led met paid put ran sent spent stood told won wrote began became brought built chose fell "
    "felt grew heard hit hurt laid meant rose set shut sold spoke struck understood remain remains "
    "needs wants says said woke arose broke drove flew fought caught taught bought threw "
    "wore tore swore sank rang sang drank shook forgot froze rode stole fled dealt slept swept "
    "wept sought withdrew undertook seems seem seemed appears appear appeared exist exists "
    "happens happen occur occurs remains continues fits costs includes include involves involve "
    "means lies stands takes makes goes comes gets gives knows know thinks think believes "
    "believe plans hopes expects expect wants wishes faces owes lacks died dies used sued owed"
)
NOT_VERBS_ENDING_ED = _words(
    "need speed red bed hundred seed feed breed united indeed shed ahead armed aged based "
    "alleged so-called detailed limited advanced"
)

# Adverbs that open an appositive about a person: "X, formerly the director of Y, …".
APPOSITIVE_ADVERBS = _words("formerly previously once now currently then also himself herself")
# Words in "-s" that are never verbs, for telling "the scope allows it" from "the news that".
NOT_VERBS_ENDING_S = _words(
    "news series species means always perhaps besides sometimes towards afterwards whereas "
    "yes this thus has was its his hers ours yours theirs years times days months weeks hours "
    "minutes others lives sales arms forces troops officials members people's"
)
# Words that never end a noun phrase before its verb.
FUNCTION_WORDS = _words(
    "a an the this that these those his her its their our my your to of in on at by for with "
    "from and or but as if than not no is are was were be been has have had will would can could "
    "should may might must do does did"
)
SUBJECT_PRONOUNS = {"he": "m", "she": "f", "they": "plural", "it": "thing", "we": "plural"}
OBJECT_PRONOUNS = _words("him her them us me it you")
CLAUSE_STARTERS = _words(
    "he she it they we i you there this these those that his her its their our my your the a an "
    "some many most all no one two three none both each every several any such"
)
DETERMINERS = _words(
    "a an the another one two three four five six several some many other few this these those "
    "his her its their our my your any each every both"
)
INDEFINITE = _words("a an another one two three four five six several some many few any")
LEADING_ADVERBS = _words(
    "but and meanwhile however also so yet still then later earlier separately instead "
    "similarly likewise moreover furthermore additionally reportedly afterwards afterward "
    "thereafter eventually finally subsequently consequently nevertheless nonetheless "
    "accordingly initially originally currently recently previously ultimately overall "
    "elsewhere separately notably again maybe perhaps"
)
# Family and personal relations: "his wife Bernadette" names a person by one name.
RELATIONS = _words(
    "wife husband son daughter mother father brother sister partner widow widower fiancée fiancé "
    "girlfriend boyfriend grandson granddaughter niece nephew uncle aunt cousin"
)
PREPOSITIONS = _words(
    "in at on during after before from with by for to under as if when while because although "
    "since until near across into over through among between against about via per without "
    "within upon outside inside beside alongside behind"
)
# Words that end a subject phrase when reading leftwards from the verb.
SUBJECT_BOUNDARIES = _words(
    "that which who whom whose while whereas because after when as if but although though where "
    "since until so before what"
)
# Participles that give another name: "X, also known as Y, said".
NAMING_PARTICIPLES = _words("known dubbed nicknamed called named titled")
# Words that open a clause inside another: its subject is not the sentence's subject.
EMBEDDING = _words(
    "that which who whom whose while whereas because after when as if although though where "
    "since until before whether once unless"
)
# Verbs of a speaker's own action: after "and" or "but" they end the reported clause ("said the
# offer was fair and urged a vote"), where other verbs carry it on ("… occurred and struck …").
SPEAKER_ACTIONS = _words(
    "declined refused backed pledged promised threatened rejected dismissed welcomed praised "
    "criticised criticized condemned denounced appealed vowed hoped accused demanded asked "
    "urged called thanked apologised apologized offered stopped stressed insisted repeated "
    "questioned defended admitted conceded acknowledged announced expressed described"
)
# Conjunctions that open an adverbial clause: "when asked …", "if elected …".
SUBORDINATORS = _words(
    "when if while after before as once unless until although though because since whereas"
)
# Where a reported clause ends: a participle of the writer's ("…, citing weak data").
WRITER_PARTICIPLES = _words(
    "ending marking signalling signaling sparking prompting triggering underscoring citing blaming"
)

HONORIFICS = _words("dr dr. mr mr. mrs mrs. ms ms. miss sir dame prof prof. swami mufti")
TITLE_WORDS = HONORIFICS | _words(
    "minister secretary spokesman spokeswoman spokesperson senator president governor mayor "
    "chairman chairwoman chair director ambassador commissioner general admiral marshal colonel "
    "captain lieutenant commander commodore brigadier judge justice chief officer king queen "
    "prince princess crown sheikh imam bishop reverend rev mp mep lawmaker representative rep sen "
    "gov gen lt col capt superintendent inspector sergeant deputy vice prime premier chancellor "
    "envoy adviser advisor economist analyst expert lawyer athlete coach physician doctor "
    "scientist researcher professor lecturer editor commentator attorney counsel congressman "
    "congresswoman executive ceo cfo coo founder head leader rear whip speaker mna mpa mla ssp sp "
    "dig igp aig sho dsp officer chef manager correspondent reporter journalist columnist "
    "columnist anchor host director-general secretary-general rapporteur member candidate "
    "activist student protester resident attendee organiser organizer actor singer author "
    "writer poet artist player striker goalkeeper captain pope cardinal rabbi cleric emir "
    "sultan ayatollah pastor father legislator assemblyman assemblywoman councillor councilor "
    "councilman councilwoman delegate administrator prosecutor"
)
FEMALE_WORDS = _words(
    "spokeswoman woman mother wife daughter sister mrs mrs. ms ms. miss chairwoman businesswoman "
    "congresswoman grandmother widow queen princess fiancée girlfriend actress dame she her "
    "lady madam niece aunt"
)
MALE_WORDS = _words(
    "spokesman man father husband son brother mr mr. chairman businessman congressman grandfather "
    "widower king prince sir fiancé boyfriend actor he his lord nephew uncle"
)
# Nouns that make an unnamed phrase a person or group of people: anonymous when no name follows.
PERSON_NOUNS = _words(
    "official officials officer officers spokesman spokeswoman spokesperson spokespeople "
    "diplomat diplomats source sources analyst analysts expert experts worker workers critic "
    "critics organiser organisers organizer organizers herder herders resident residents witness "
    "witnesses commissioner governor mayor minister ministers director aide aides adviser "
    "advisers advisor advisors people person persons member members negotiator negotiators "
    "importer importers exporter exporters trader traders farmer farmers activist activists "
    "lawyer lawyers doctor doctors economist economists executive executives insider insiders "
    "observer observers commander commanders envoy envoys ambassador representative "
    "representatives employee employees staff engineer engineers scientist scientists teacher "
    "teachers student students survivor survivors villager villagers parent parents relative "
    "relatives neighbour neighbours neighbor neighbors driver drivers passenger passengers "
    "commuter commuters one someone man woman men women lawmaker lawmakers legislator "
    "legislators secretary president chairman investigator investigators prosecutor prosecutors "
    "partner partners colleague colleagues friend friends owner owners manager managers investor "
    "investors banker bankers dealer dealers fan fans supporter supporters player players victim "
    "victims customer customers shopper shoppers patient patients nurse nurses soldier soldiers "
    "protester protesters protestor protestors judge judges coach captain advocate counsel "
    "interviewee interviewees attendee attendees organisers participant participants voter "
    "voters citizen citizens local locals eyewitness eyewitnesses user users writer author "
    "child children daughter daughters son sons mother father wife husband brother sister "
    "family families individual individuals researcher researchers academic academics "
    "specialist specialists scholar scholars leader leaders someone anyone nobody somebody "
    "journalist journalists reporter reporters correspondent correspondents man police_officer "
    "guard guards pilot pilots crew doctor physician surgeon paramedic paramedics firefighter "
    "firefighters rescuer rescuers teenager teenagers boy boys girl girls survivor mp mps "
    "senator senators congressman commentator commentators columnist blogger bloggers "
    "bystander bystanders organizer operator operators owner authorities others team"
)
# Definite role nouns that name a person introduced earlier: "the minister said".
ROLE_SYNONYMS = {
    "minister": ("secretary",),
    "secretary": ("minister",),
    "justice": ("judge",),
    "judge": ("justice",),
    "lawyer": ("attorney", "counsel", "advocate"),
    "attorney": ("lawyer", "prosecutor"),
    "spokesman": ("spokesperson", "spokeswoman"),
    "spokeswoman": ("spokesperson", "spokesman"),
    "spokesperson": ("spokesman", "spokeswoman"),
    "president": ("leader",),
    "leader": ("president", "chief"),
}
ORGANISATION_WORDS = _words(
    "ministry department office government agency authority administration commission committee "
    "council union association federation confederation group institute foundation organisation "
    "organization bank company firm corporation embassy mission court parliament police army "
    "military navy party board bureau service trust centre center exchange survey chamber "
    "programme media newspaper broadcaster inc inc. ltd ltd. plc corp corp. llc kft kft. body "
    "power electric energy motors airlines airways holdings industries securities capital "
    "petroleum telecom communications technologies pharmaceuticals insurance railways program "
    "fund house secretariat cabinet presidency regulator watchdog network alliance coalition club "
    "university college school hospital consulate prefecture municipality directorate "
    "inspectorate observatory states nations kingdom emirates republic ministries departments "
    "governments agencies authorities groups unions associations companies firms press news "
    "times post journal herald telegraph tribune guardian gazette bulletin daily weekly tv "
    "television radio channel magazine review times reuters bbc cnn nbc abc cbs npr pbs afp "
    "forces force guard coast league society movement tracker traffic database archive "
    "international global limited defence defense security health taxonomy assembly senate "
    "congress legislature tribunal prosecutors parliament agence presse conference academy parish "
    "democrats republicans entertainment insider sun campaign"
)
# "the company", "the agency": a definite noun standing for the body named earlier.
ORGANISATION_ROLES = _words(
    "agency company firm group paper newspaper website site organisation organization court "
    "network broadcaster union party airline bank ministry regulator council commission "
    "committee retailer chain lender insurer body movement outlet channel station"
)
NAME_SUFFIXES = _words("jr sr ii iii iv qc kc")
NAME_PARTICLES = _words("de van von bin bint al el da del du la le ul ibn di der den ter dos das")
