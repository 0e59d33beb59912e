"""The extractor's parts, each on its own: quotation marks, sentences, the verb lexicon,
speaker phrases and their linking, and the sieve that gives a quotation its speaker."""

import pytest

from importer.extraction import lexicon, marks
from importer.extraction.phrases import Mention, parse
from importer.extraction.sentences import split_sentences, tokenize
from importer.extraction.speakers import Registry
from importer.extraction.story import split_story
from tests.importer.helpers import quotes, who


def spans(paragraph, next_paragraph=""):
    warnings = []
    found = marks.scan(paragraph, next_paragraph, 1, warnings.append)
    return [paragraph[s.start : s.end] for s in found], warnings


def phrase(text):
    (mention,) = parse(tokenize(text, []), text)
    return mention


# -- quotation marks --------------------------------------------------------------------------


def test_curly_and_straight_marks_pair_and_single_marks_stay_inside():
    found, warnings = spans('“We said ‘no’,” she said. "Twice," he added.')
    assert found == ["We said ‘no’,", "Twice,"]
    assert warnings == []


def test_quote_continued_in_the_next_paragraph_runs_to_the_paragraph_end():
    found, warnings = spans("“The water came up.", "“Then it went down,” she said.")
    assert found == ["The water came up."]
    assert warnings == []


def test_stray_closing_mark_is_reported_not_fatal():
    found, warnings = spans("Prices rose” sharply.")
    assert found == []
    assert warnings == [
        "Paragraph 1: a closing quotation mark has no opening mark; it was ignored."
    ]


@pytest.mark.parametrize(
    ("paragraph", "name_like"),
    [
        ("the so-called “Kabul process” resumed", True),
        ("an anti-Brexit (“British exit”) march", True),
        ("named the virus that causes it “severe acute respiratory syndrome”", True),
        ("a name to replace “2019-nCoV.”", True),
        ("called it “a non-starter”", False),
        ("expressed “annoyance” over the ties", False),
    ],
)
def test_names_glosses_and_codes_in_quotation_marks_are_not_quotes(paragraph, name_like):
    (span,) = marks.scan(paragraph, "", 1, lambda message: None)
    assert span.name_like is name_like


# -- sentences --------------------------------------------------------------------------------


def test_sentences_end_after_a_quotation_but_not_after_titles_or_initials():
    text = "Dr. John R. Bolton left. “It is over.” Aides said so; others did not."
    found = marks.scan(text, "", 1, lambda message: None)
    tokens = tokenize(text, found)
    sentences = [
        " ".join(t.text for t in tokens[a:b]) for a, b in split_sentences(tokens, text, found)
    ]
    assert sentences == [
        "Dr . John R . Bolton left .",
        "“Q”",
        "Aides said so ;",
        "others did not .",
    ]


def test_a_dotted_abbreviation_ends_a_sentence_before_a_word_that_opens_clauses():
    text = "Members came from Ohio and Washington, D.C. They met the U.S. Army chief."
    tokens = tokenize(text, [])
    sentences = [
        " ".join(t.text for t in tokens[a:b]) for a, b in split_sentences(tokens, text, [])
    ]
    assert sentences == [
        "Members came from Ohio and Washington , D.C.",
        "They met the U.S. Army chief .",
    ]


def test_an_acronym_is_never_a_function_word():
    who_token, us_token, the_token = tokenize("WHO US The", [])
    assert (who_token.lower, us_token.lower, the_token.lower) == ("WHO", "US", "the")


# -- the lexicon ------------------------------------------------------------------------------


def test_reporting_verbs_are_data_with_their_inflections():
    assert lexicon.VERB_FORMS["cautioned"] == "caution"
    assert lexicon.VERB_FORMS["testifies"] == "testify"
    assert lexicon.VERB_FORMS["told"] == "tell"
    assert "call" in lexicon.QUOTE_ONLY and "call" not in lexicon.REPORTING
    assert {"urge", "ask", "demand"} <= lexicon.QUOTE_ONLY  # directives: no reported entry


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("MANILA - The network still airs, as the network claims the order spared its news "
         "channel.", "the order spared its news channel"),
        ("DENVER - The Navajo Nation has plans to grow the herd and report they are talking to "
         "neighbours.", "they are talking to neighbours"),
        ("DENVER - The commission refused to provide the network with said license.", None),
        ("OHIO - Members listed US states as having members from the site.", None),
    ],
)  # fmt: skip
def test_forms_that_are_often_nouns_report_only_before_a_clause(text, reported):
    found = [text for _, text, direct, _ in quotes(text) if not direct]
    assert found == ([reported] if reported else [])


# -- speaker phrases --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "name", "title", "organisation"),
    [
        ("Foreign Office Spokesman Nafees Zakaria", "person", "Nafees Zakaria",
         "Foreign Office Spokesman", None),
        ("Defence analyst Air Marshal (retired) Shahid Latif", "person", "Shahid Latif",
         "Defence analyst Air Marshal (retired)", None),
        ("Mexico's Foreign Secretary Marcelo Ebrard", "person", "Marcelo Ebrard",
         "Foreign Secretary", "Mexico"),
        ("Doug Miller of Milltech Marine, a firm specialising in AIS", "person", "Doug Miller",
         None, "Milltech Marine"),
        ("Abdurrahman Mangal, spokesperson for the provincial governor", "person",
         "Abdurrahman Mangal", "spokesperson for the provincial governor", "provincial governor"),
        ("a source within the central Interior Ministry", "anonymous", None, "source",
         "central Interior Ministry"),
        ("British lender Northgate Bank", "institution", None, None, "Northgate Bank"),
        ("a statement released by the foreign ministry", "institution", None, None,
         "foreign ministry"),
        ("the WHO's website", "institution", None, None, "WHO"),
    ],
)  # fmt: skip
def test_a_subject_phrase_is_read_into_a_speaker(text, kind, name, title, organisation):
    mention = phrase(text)
    assert (mention.kind, mention.name, mention.organisation) == (kind, name, organisation)
    if kind == "person" or title:
        assert mention.title == title


def test_anonymous_description_is_kept_whole_without_the_anonymity_clause():
    assert phrase("A police official requesting anonymity").text == "A police official"
    assert phrase("Two people familiar with the matter").kind == "anonymous"


def test_two_named_sources_give_two_mentions_but_a_title_joins_them():
    text = "Reuters and NBC"
    assert [m.text for m in parse(tokenize(text, []), text)] == ["Reuters", "NBC"]
    text = "Road Transport and Bridges Minister Obaidul Quader"
    assert [m.name for m in parse(tokenize(text, []), text)] == ["Obaidul Quader"]


def test_data_and_footage_are_nobody():
    for text in ("data from the Gun Violence Archive", "videos posted on social media"):
        assert parse(tokenize(text, []), text) == []


# -- linking ----------------------------------------------------------------------------------


def test_surnames_and_spelling_variants_link_to_the_full_name():
    registry = Registry()
    sarea = registry.link(Mention("person", "Yahya Sarea", name="Yahya Sarea"), 1)
    assert registry.link(Mention("surname", "Sarea", name="Sarea"), 2) is sarea
    assert registry.link(Mention("surname", "Saree", name="Saree"), 3) is sarea
    reuters = registry.link(Mention("surname", "Reuters", name="Reuters"), 4)
    assert (reuters.kind, reuters.organisation) == ("institution", "Reuters")


def test_a_surname_that_is_also_a_noun_links_to_the_person_named_before():
    text = (
        "LONDON - Deputy director Dana Person said that the talks had stalled.\n\n"
        "\u201cWe are not ready,\u201d Person said."
    )
    assert [who(speaker) for speaker, *_ in quotes(text)] == ["Dana Person", "Dana Person"]


def test_pronouns_follow_gender_and_roles_find_the_office_holder():
    registry = Registry()
    ahmadi = registry.link(phrase("Aid worker Sara Ahmadi"), 1)
    ahmadi.gender = "f"
    zia = registry.link(phrase("Finance Minister Omar Zia"), 2)
    zia.gender = "m"
    assert registry.link(Mention("pronoun", "she", head="she"), 3) is ahmadi
    assert registry.link(Mention("pronoun", "he", head="he"), 4) is zia
    assert registry.link(phrase("the minister"), 5) is zia


def test_anonymous_sources_stay_apart_unless_described_the_same():
    registry = Registry()
    first = registry.link(phrase("a senior official"), 1)
    second = registry.link(phrase("another official"), 2)
    assert first is not second
    assert registry.link(phrase("the official"), 3) is second


# -- the sieve --------------------------------------------------------------------------------


def test_a_quotation_after_said_colon_in_the_next_sentence_goes_to_that_speaker():
    found = quotes("GENEVA - The WHO's website said: “Stay at home.” “Wash your hands.”")
    assert [(who(s), text) for s, text, _, _ in found] == [
        ("WHO", "Stay at home."),
        ("WHO", "Wash your hands."),
    ]


def test_a_quote_paragraph_with_no_attribution_continues_the_last_speaker():
    found = quotes(
        "LONDON - “We are ready,” union leader Mick Whelan said.\n\n“The members have spoken.”"
    )
    assert [(who(s), p) for s, _, _, p in found] == [("Mick Whelan", 0), ("Mick Whelan", 1)]


def test_the_subject_of_call_is_the_speaker_of_its_quoted_fragment():
    found = quotes("WASHINGTON - Adam Schiff said little. Schiff called it “a non-starter”.")
    assert [(who(s), text, direct) for s, text, direct, _ in found] == [
        ("Adam Schiff", "a non-starter", True)
    ]


def test_a_quotation_nobody_is_said_to_have_said_is_left_out():
    assert quotes("LONDON - Fog closed the airport. “Chaos” followed, with long queues.") == []


def test_nested_reporting_gives_the_clause_to_the_innermost_source():
    found = quotes(
        "BERLIN - Reuters reported a German government source, whom they did not name, said "
        "the ban was not part of any broader plan."
    )
    assert [(s.kind, who(s), text) for s, text, _, _ in found] == [
        ("anonymous", "a German government source", "the ban was not part of any broader plan")
    ]


def test_a_participle_continues_the_speaker_of_the_sentence():
    found = quotes(
        "TRENTON - Murphy claimed she made the decision alone, insisting she was “never pressured.”"
    )
    assert {who(s) for s, _, _, _ in found} == {"Murphy"}


def test_they_after_a_clause_about_a_group_is_that_group():
    found = quotes(
        "EL PASO - Police said the gunman surrendered.\n\n"
        "State prosecutors charged the suspect with capital murder, they said Sunday."
    )
    assert [(who(s), text) for s, text, _, _ in found][-1] == (
        "State prosecutors",
        "State prosecutors charged the suspect with capital murder",
    )


def test_according_to_a_named_source_with_its_title_gives_no_clause_to_the_title():
    found = quotes(
        "EL PASO - Federal authorities are investigating the shooting as domestic terrorism, "
        "according to prosecutor Josh Bash, the U.S. Attorney for the Western District of Texas."
    )
    assert [(who(s), text) for s, text, _, _ in found] == [
        ("Josh Bash", "Federal authorities are investigating the shooting as domestic terrorism")
    ]


def test_a_writers_sentence_with_a_quotation_does_not_continue_the_last_speaker():
    found = quotes(
        "WASHINGTON - Mitt Romney called it “unthinkable.” The campaign recycled a statement it "
        "first put out in July: “The people will decide.”"
    )
    assert [(who(s), text) for s, text, _, _ in found] == [("Mitt Romney", "unthinkable.")]


def test_a_parenthetical_between_dashes_is_not_part_of_the_subject():
    found = quotes(
        "LONDON - Ann Lee chairs the panel. On Monday — a day after the vote — she said she was "
        "“hopeful” of a deal."
    )
    assert {who(s) for s, _, _, _ in found} == {"Ann Lee"}


def test_a_surname_finds_the_full_name_seen_after_a_preposition():
    found = quotes(
        "LONDON - The bill was drafted at the request of Maria Okafor. Okafor said the bill "
        "would pass."
    )
    assert [(s.kind, who(s)) for s, _, _, _ in found] == [("citizen", "Maria Okafor")]


def test_a_name_after_an_inverted_subject_is_that_source():
    found = quotes("LONDON - The law is clear, argued the council's lawyer, Amir Haddad.")
    assert [(who(s), text) for s, text, _, _ in found] == [("Amir Haddad", "The law is clear")]


def test_the_speech_verb_next_to_a_quotation_beats_an_earlier_colon():
    found = quotes(
        "GENEVA - The agency stressed the need for action: “Act now,” said Maria Costa, its "
        "director. “Every day counts.”"
    )
    assert [(who(s), text, direct) for s, text, direct, _ in found] == [
        ("Maria Costa", "Act now,", True),
        ("Maria Costa", "Every day counts.", True),
    ]


def test_according_to_a_doctor_with_a_former_post_reports_the_clause_after_it():
    found = quotes(
        "ATLANTA - According to Dr. Ruth Mbeki, formerly the head of the state health board, "
        "the outbreak is “serious.”"
    )
    assert [(who(s), text, direct) for s, text, direct, _ in found] == [
        ("Ruth Mbeki", "the outbreak is “serious.”", False),
        ("Ruth Mbeki", "serious.", True),
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Wayne A. I. Frederick, president of the college", "Wayne A. I. Frederick"),
        ("actor Robert Downey Jr.", "Robert Downey Jr."),
        ("Dr. Ruth Mbeki, formerly the head of the board", "Ruth Mbeki"),
    ],
)
def test_a_name_keeps_its_initials_and_suffix_but_not_its_honorific(text, name):
    mention = phrase(text)
    assert (mention.kind, mention.name) == ("person", name)


def test_a_suffix_is_not_the_surname():
    registry = Registry()
    downey = registry.link(phrase("actor Robert Downey Jr."), 1)
    assert registry.link(Mention("surname", "Downey", name="Downey"), 2) is downey


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the subject of the previous sentence, not its object nor an earlier titled person
        ("BOSTON - Senator Ana Ruiz won a seat. Later, Tom Hale endorsed his rival, Sam Ortiz. "
         "“I am proud,” he said.", "Tom Hale"),
        # a subject inside a relative or adverbial clause is not the sentence's subject
        ("HARARE - Mr Moyo agreed to a deal in which Tendai Dube became premier. “Only God will "
         "remove me,” he declared.", "Moyo"),
        # the speaker among the subjects of the previous sentence
        ("KYIV - Ivan Petrenko said Oleg Marchuk is honest; “I wrote a letter,” he added.",
         "Ivan Petrenko"),
        # a subject two sentences back, when the last sentence has none
        ("TORONTO - Actor Dan Fogler signed books. Emma Caufield talked of a pilot. Faced with "
         "cuts, the producers made her a regular. “It was a good day,” she recalls.",
         "Emma Caufield"),
        # "he" in an adverbial clause is the subject of the main clause
        ("TORONTO - Actor Dan Fogler signed books. John Rhys-Davies broke news when he revealed "
         "that a reboot is planned.", "John Rhys-Davies"),
    ],
)  # fmt: skip
def test_he_and_she_prefer_the_subject_of_the_sentence_before(text, speaker):
    assert {who(s) for s, _, _, _ in quotes(text)} == {speaker}


def test_a_plural_title_is_nobody_s_name():
    found = quotes(
        "JUBA - One of the Vice Presidents, Rebecca Garang, also commented. She said “He was "
        "honest.”"
    )
    assert {who(s) for s, _, _, _ in found} == {"Rebecca Garang"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AUSTIN - Judge Rosa Diaz ruled the ban violated the state constitution.",
         [("Rosa Diaz", "the ban violated the state constitution")]),
        ("AUSTIN - The Ninth Circuit Court — the top appeals court in the region — ruled that "
         "the ban was void.", [("Ninth Circuit Court", "the ban was void")]),
        ("AUSTIN - The governor ruled out a deal that would raise taxes.", []),
        ("AUSTIN - The Supreme Court ruled on the appeal of that decision by the state.", []),
        ("AUSTIN - The court ruled in the case “Diaz vs. Texas Water Board” last week.", []),
    ],
)  # fmt: skip
def test_courts_and_judges_rule_a_clause_but_not_a_noun(text, expected):
    assert [(who(s), text) for s, text, direct, _ in quotes(text) if not direct] == expected


def test_part_of_a_judges_statement_is_the_judge_speaking():
    found = quotes(
        "AUSTIN - U.S. District Judge Rosa Diaz struck down the law. Part of the judge's "
        "statement reads “the law fails every test.”"
    )
    assert [(who(s), text) for s, text, _, _ in found] == [
        ("Rosa Diaz", "the law fails every test.")
    ]


def test_a_courts_decision_speaks_for_the_court_named_before_it():
    found = quotes(
        "LONDON - The Supreme Court issued its ruling. The summary of the decision read in part: "
        "“The advice was unlawful.”"
    )
    assert [(s.kind, who(s)) for s, _, _, _ in found] == [("other", "Supreme Court")]
    assert quotes("LONDON - The summary of the decision read: “The advice was unlawful.”") == []


@pytest.mark.parametrize(
    ("text", "kind", "organisation"),
    [
        ("a fire service statement", "institution", "fire service"),
        ("a statement posted to his official Twitter account", "anonymous", None),
        ("the first line of my blog post", None, None),
    ],
)
def test_a_document_speaks_for_its_owner_or_for_nobody_named(text, kind, organisation):
    found = parse(tokenize(text, []), text)
    assert [(m.kind, m.organisation) for m in found] == ([(kind, organisation)] if kind else [])


def test_an_unowned_statement_is_an_unnamed_source_that_it_continues():
    found = quotes(
        "LOS ANGELES - The actor died at home on Friday according to a statement posted to his "
        "account. It also stated he had been ill for years."
    )
    assert [(s.kind, who(s), text) for s, text, _, _ in found] == [
        ("anonymous", "a statement posted to his account", "The actor died at home on Friday"),
        ("anonymous", "a statement posted to his account", "he had been ill for years"),
    ]


def test_a_verb_before_according_to_keeps_its_object():
    found = quotes(
        "EDINBURGH - Lord Carloway, the court's president, decided, according to the summary, "
        "“that the advice was unlawful”."
    )
    assert [text for _, text, direct, _ in found if not direct] == []


@pytest.mark.parametrize(
    "text",
    [
        "RENO - “Women lead here,” said scholar Kelly Dunn. Dunn went on to add, “We need more.”",
        "RENO - “Women lead here,” said scholar Kelly Dunn. She went so far as to say, “We need "
        "more.”",
    ],
)
def test_went_on_to_add_reports_like_add(text):
    assert [(who(s), text) for s, text, _, _ in quotes(text)][-1] == ("Kelly Dunn", "We need more.")


def test_a_quotation_then_the_writers_participle_is_direct_only():
    found = quotes(
        "LIMA - Carl Ruiz studied the statues. He went on to add “The water is there,” referring "
        "to caves."
    )
    assert [(text, direct) for _, text, direct, _ in found] == [("The water is there,", True)]


def test_his_daughter_is_the_daughter_named_before():
    found = quotes(
        "LONDON - The news was confirmed by his daughter Nettie Baker. His daughter said he died "
        "in Britain."
    )
    assert [(who(s), text) for s, text, _, _ in found] == [("Nettie Baker", "he died in Britain")]


@pytest.mark.parametrize(
    "text",
    [
        "HONG KONG - Legislator Tanya Chan spoke to the press after the speech: “Please go.”",
        "LONDON - Mick Jagger of The Rolling Stones also reacted on Twitter, “Please go.”",
    ],
)
def test_a_quotation_a_person_introduces_with_a_colon_or_comma_is_theirs(text):
    assert [(who(s), text) for s, text, _, _ in quotes(text)] in (
        [("Tanya Chan", "Please go.")],
        [("Mick Jagger", "Please go.")],
    )


def test_a_thing_introducing_a_quotation_is_no_speaker():
    assert quotes("LONDON - The banner read in part: “Please go.”") == []


@pytest.mark.parametrize(
    ("text", "name", "organisation"),
    [
        ("Crystal C'Bearing of the Northern Arapaho preservation office", "Crystal C'Bearing",
         "Northern Arapaho preservation office"),
        ("Jo Tilburg of the University of California, Los Angeles", "Jo Tilburg",
         "University of California"),
    ],
)  # fmt: skip
def test_the_name_that_opens_a_phrase_is_the_person_not_the_body_after_it(text, name, organisation):
    mention = phrase(text)
    assert (mention.kind, mention.name, mention.organisation) == ("person", name, organisation)


def test_told_those_gathered_is_a_hearer_not_a_clause():
    found = quotes("KINNEAR - “It will heal us,” Ann Lee told those gathered to watch the release.")
    assert [(text, direct) for _, text, direct, _ in found] == [("It will heal us,", True)]


def test_authorities_are_an_unnamed_group_and_a_country_is_no_persons_name():
    mention = phrase("authorities in the United Kingdom and the United States")
    assert (mention.kind, mention.plural) == ("anonymous", True)
    assert phrase("US authorities").organisation == "US"


def test_a_body_keeps_the_acronym_the_story_gives_it():
    found = quotes(
        "GENEVA - The United Nations (UN) met on Monday. A UN report concluded the deal was fair."
    )
    assert [(s.kind, s.organisation) for s, _, _, _ in found] == [("other", "United Nations (UN)")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a prepositional phrase before the subject is no clause of the speaker's
        ("RIYADH - At a press conference held in Riyadh, envoy Brian Cole said, “We will act.”",
         [("Brian Cole", "We will act.", True)]),
        # a cue in an adverbial clause that opens the sentence reports nothing past its comma
        ("BALTIMORE - When Ann Lee announced her resignation in 1995, Tom Hale joined the race.",
         []),
        # quoted words in a speech verb's noun object are the speaker's, and end the clause
        # before them
        ("BALTIMORE - Senator Ann Lee told MSNBC he “was a great man,” while President Tom Hale "
         "noted his “strength and wisdom” on Twitter.",
         [("Ann Lee", "he “was a great man,”", False), ("Ann Lee", "was a great man,", True),
          ("Tom Hale", "strength and wisdom", True)]),
    ],
)  # fmt: skip
def test_clause_boundaries_in_attributions(text, expected):
    assert [(who(s), text, direct) for s, text, direct, _ in quotes(text)] == expected


def test_an_honorific_and_one_name_is_the_person_known_by_that_name():
    found = quotes(
        "DOLGELLAU - The hotel was bought by owner Tong Yung-soo in 2001. Mr Tong had said they "
        "intended to reopen it."
    )
    assert {who(s) for s, _, _, _ in found} == {"Tong Yung-soo"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HOUSTON - The next mission is planned, which NASA has said may be ready by August.",
         [("NASA", "may be ready by August")]),
        ("HOUSTON - Tom Hale released a statement, in which he asserted he had won the vote.",
         [("Tom Hale", "he had won the vote")]),
        ("HOUSTON - Fedora is the base of RHEL, which Red Hat maintained and supported.", []),
        # inside the speaker's own clause, the relative is part of that clause
        ("HOUSTON - Ann Lee said she may declare an emergency, which she said would free funds.",
         [("Ann Lee", "she may declare an emergency, which she said would free funds")]),
    ],
)  # fmt: skip
def test_a_speech_verb_in_a_relative_clause_reports_the_clause_after_it(text, expected):
    assert [(who(s), text) for s, text, direct, _ in quotes(text) if not direct] == expected


def test_he_in_a_relative_clause_is_the_subject_of_the_main_clause():
    found = quotes(
        "LAHORE - Sara Baloch posted pictures with Omar Qawi. Qawi was later accused of inciting "
        "the murder, which he denied. In an interview, she said she was forced into marriage."
    )
    assert [(who(s), text) for s, text, _, _ in found] == [
        ("Sara Baloch", "she was forced into marriage")
    ]


def test_a_proper_name_ending_in_survey_is_a_body_not_evidence():
    found = quotes("SAN JUAN - The U.S. Geological Survey has said the quakes may continue.")
    assert [(s.kind, who(s)) for s, _, _, _ in found] == [("other", "U.S. Geological Survey")]
    assert quotes("SAN JUAN - A survey has said the quakes may continue.") == []


def test_a_name_after_a_report_is_no_appositive_of_the_report():
    found = quotes(
        "SYDNEY - According to a News.com.au report, Dr Gary Mortimer, retail expert from the "
        "Queensland University of Technology, said the stores fill the stock every night."
    )
    assert ("Gary Mortimer", "the stores fill the stock every night") in [
        (who(s), text) for s, text, _, _ in found
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HOUSTON - USA Today noted the panel's scope allows it to advise on the draft.",
         [("USA Today", "the panel's scope allows it to advise on the draft")]),
        ("LYON - The charter prohibits “any political activity,” an agency spokesperson stated.",
         [("an agency spokesperson", "The charter prohibits “any political activity,”")]),
        ("BATON ROUGE - Louisiana declared a state of emergency as Storm Barry approaches the "
         "coast.", []),
        ("MOSCOW - Officials said 24 people were hurt, but AFP reported as many as 32 hurt.",
         [("Officials", "24 people were hurt"), ("AFP", "as many as 32 hurt")]),
    ],
)  # fmt: skip
def test_present_tense_verbs_and_subordinate_clauses(text, expected):
    assert [(who(s), text) for s, text, direct, _ in quotes(text) if not direct] == expected


def test_a_name_and_others_are_two_sources():
    text = "Ann Lee and others in the Green Party"
    assert [(m.kind, m.name or m.text) for m in parse(tokenize(text, []), text)] == [
        ("person", "Ann Lee"),
        ("anonymous", "others in the Green Party"),
    ]


def test_a_tweet_sent_from_an_account_is_the_account_holders():
    found = quotes(
        "WILMINGTON - Joe Biden spoke. A tweet sent from Biden's Twitter account during the "
        "debate repeated his pledge, saying “My running mate will be a woman.”"
    )
    assert [(who(s), text) for s, text, _, _ in found] == [
        ("Joe Biden", "My running mate will be a woman.")
    ]


def test_another_name_between_commas_is_not_the_subject():
    found = quotes(
        "MANILA - Republic Act No. 3846, also known as the “Radio Control Law”, states “no "
        "person shall operate a station.”"
    )
    assert [(s.kind, who(s)) for s, _, _, _ in found] == [("other", "Republic Act No. 3846")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a full name later in the same sentence is the surname's person
        ("KYIV - Zelensky declined Prime Minister Oleksiy Honcharuk's offer after a recording in "
         "which someone, seemingly Honcharuk, says the plan “is primitive.”", "Oleksiy Honcharuk"),
        # an honorific with its full stop, then the surname alone
        ("NORWICH - “It spreads,” said lead author Professor David Livermore. “It is clear,” said "
         "Dr. Livermore.", "David Livermore"),
        # a suffix after the name ("QC") is no body's acronym
        ("BRADFORD - Prosecutor Kama Melly QC said the victims were “vulnerable.”",
         "Kama Melly QC"),
    ],
)  # fmt: skip
def test_names_in_their_written_forms_link_to_one_person(text, speaker):
    assert {who(s) for s, _, _, _ in quotes(text)} == {speaker}


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ("United States Senator from Vermont Bernie Sanders", "person", "Bernie Sanders"),
        ("the National Conference of State Legislatures", "institution", None),
    ],
)
def test_names_after_a_place_and_bodies_named_with_of(text, kind, name):
    mention = phrase(text)
    assert (mention.kind, mention.name) == (kind, name)


def test_a_prepositional_phrase_names_no_speaker_but_what_x_called_does():
    assert parse(tokenize("To dissatisfied voters", []), "To dissatisfied voters") == []
    found = quotes("DOLGELLAU - The move was met with what WalesOnline called “fury”.")
    assert [(who(s), text) for s, text, _, _ in found] == [("WalesOnline", "fury")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LONDON - Organizers of the rally said they were fighting corruption.",
         [("Organizers of the rally", "they were fighting corruption")]),
        ("LONDON - The researchers used satellite images of the ice, which, they observed, "
         "melted in the same places every year.",
         [("The researchers", "melted in the same places every year")]),
        ("PARIS - He had not been seen since 2014, which his wife Bernadette said was due to "
         "memory problems.", [("Bernadette", "was due to memory problems")]),
    ],
)  # fmt: skip
def test_nouns_in_ly_short_verbs_and_relatives_before_a_parenthetical(text, expected):
    assert [(who(s), text) for s, text, direct, _ in quotes(text) if not direct] == expected


@pytest.mark.parametrize("text", ["an", "the way people", "how users", "Maybe the neighbours"])
def test_words_that_name_no_source(text):
    found = parse(tokenize(text, []), text)
    assert [m.text for m in found] in ([], ["the neighbours"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DELHI - The outbreak was declared to be a “pandemic” by the World Health Organization.",
         [("World Health Organization", "pandemic")]),
        ("DUBLIN - Facebook released a statement which read, in part, “This judgment raises "
         "questions.”", [("Facebook", "This judgment raises questions.")]),
        ("EL PASO - In the document, the writer supposes a “replacement” of the population.",
         [("the writer", "replacement")]),
        ("LONDON - You said, “It is over.”", []),
    ],
)  # fmt: skip
def test_quotations_of_passive_agents_documents_and_thinkers(text, expected):
    assert [(who(s), text) for s, text, direct, _ in quotes(text) if direct] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MANILA - President Rodrigo Duterte threatened the network, and he accused it of "
         "“swindling”.", [("Rodrigo Duterte", "swindling", True)]),
        ("MANILA - ABS-CBN Corporation is a network. It cut the ads, which they've said was due "
         "to a lack of airtime.", [("Corporation", "was due to a lack of airtime", False)]),
        ("BALTIMORE - Chuck Schumer told MSNBC Cummings “was a great man.”",
         [("Chuck Schumer", "Cummings “was a great man.”", False),
          ("Chuck Schumer", "was a great man.", True)]),
        ("MANILA - Governor Ana Cruz told CNN Philippines the towns were damaged.",
         [("Ana Cruz", "the towns were damaged", False)]),
    ],
)  # fmt: skip
def test_coordinated_pronouns_contractions_and_outlets_as_hearers(text, expected):
    found = [(who(s), text, direct) for s, text, direct, _ in quotes(text)]
    assert [(w.split()[-1], t, d) for w, t, d in found] == [
        (w.split()[-1], t, d) for w, t, d in expected
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "according to" inside a relative clause reports the relative clause
        ("AUSTIN - Women, who make up 16% of recruits, according to the group CNA, have served "
         "since 2015.", [("CNA", "make up 16% of recruits")]),
        ("MANILA - Ann Lee apologised, which the President accepted according to a statement "
         "by spokesman Harry Roque.", [("Harry Roque", "the President accepted")]),
        # an example after "like" is not the subject
        ("WASHINGTON - Obama attacked the rules, which critics, like Obama, have said amounted "
         "to voter suppression.", []),
        # a purpose clause is no reported clause
        ("WASHINGTON - Trump declared an emergency so he could fund a wall.", []),
    ],
)  # fmt: skip
def test_relatives_examples_and_purposes(text, expected):
    assert [(who(s), text) for s, text, direct, _ in quotes(text) if not direct] == expected


def test_a_participle_after_when_asked_continues_the_main_subject():
    found = quotes(
        "WASHINGTON - Tom Hale made a statement about the Proud Boys, when asked to condemn "
        "them, stating “stand back and stand by”."
    )
    assert [(who(s), text) for s, text, _, _ in found] == [("Tom Hale", "stand back and stand by")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MIAMI - The Biden campaign accused Trump of “siding with criminals.”",
         [("Biden campaign", "siding with criminals.", True)]),
        ("SEATTLE - The team wrote that guns “are more lethal.”",
         [("The team", "guns “are more lethal.”", False), ("The team", "are more lethal.", True)]),
        ("TORONTO - Actor Ann Lee signed books. Actor Brendan Fraser's visit was short. He "
         "quipped “I still have dust in my shoes.”",
         [("Brendan Fraser", "I still have dust in my shoes.", True)]),
        ("TULSA - Trump referred to the riots as “domestic terror”.",
         [("Trump", "domestic terror", True)]),
        ("TULSA - Pierce professed himself “deeply concerned” about the future.",
         [("Pierce", "deeply concerned", True)]),
    ],
)  # fmt: skip
def test_campaigns_teams_possessors_and_more_speech_verbs(text, expected):
    found = [(who(s), text, direct) for s, text, direct, _ in quotes(text)]
    assert found == expected


def test_a_reduced_relative_after_the_subject_is_not_the_speaker():
    found = quotes(
        "LONDON - Some of the residents Reuters interviewed said they came “for our kids.”"
    )
    assert {(s.kind, who(s)) for s, _, _, _ in found} == {("anonymous", "Some of the residents")}


def test_a_weekday_after_a_name_is_a_time_but_today_after_a_name_is_part_of_it():
    assert [who(s) for s, *_ in quotes("WASHINGTON - Joe Biden Monday said it was over.")] == [
        "Joe Biden"
    ]
    text = "USA Today"
    assert [m.organisation for m in parse(tokenize(text, []), text)] == ["USA Today"]


WIRE_COPY = """ISLAMABAD - Growing ties are not welcome in Washington, informed sources said.
Senior officials told The Nation on Sunday that Washington had expressed “annoyance”.
“We believe this partnership is not against any country,” the official said.
Analysts disagreed:
“Islamabad’s ties with Moscow threaten no one.”"""

HARD_WRAPPED = """ISLAMABAD - Growing ties between Pakistan and Russia are not
being received well in Washington, informed sources said.
Senior officials told The Nation on Sunday that Washington
had expressed annoyance.
“We believe this partnership is not against any country,”
the official said. He added that the talks would go on. The
talks were well-
known.
Analysts disagreed."""


def test_wire_copy_without_blank_lines_has_one_paragraph_per_line():
    story = split_story(WIRE_COPY)
    assert story.dateline == "ISLAMABAD"
    assert story.body == [
        "Growing ties are not welcome in Washington, informed sources said.",
        "Senior officials told The Nation on Sunday that Washington had expressed “annoyance”.",
        "“We believe this partnership is not against any country,” the official said.",
        "Analysts disagreed:",
        "“Islamabad’s ties with Moscow threaten no one.”",
    ]


def test_hard_wrapped_text_without_blank_lines_joins_the_lines_of_each_paragraph():
    story = split_story(HARD_WRAPPED)
    assert story.body == [
        "Growing ties between Pakistan and Russia are not being received well in Washington, "
        "informed sources said. Senior officials told The Nation on Sunday that Washington had "
        "expressed annoyance.",
        "“We believe this partnership is not against any country,” the official said. He added "
        "that the talks would go on. The talks were well-known.",
        "Analysts disagreed.",
    ]


def test_an_indented_line_of_hard_wrapped_text_opens_a_paragraph():
    text = (
        "ISLAMABAD - The talks went on for a second day in the capital, where\n"
        "officials met behind closed doors. Nobody spoke to the press at all.\n"
        "    The ministry said a statement would follow on Monday at noon or\n"
        "later in the week."
    )
    assert len(split_story(text).body) == 2


def test_blank_lines_still_separate_paragraphs_and_wrapped_lines_are_joined():
    text = "KABUL - One line\nwrapped.\n\nSecond paragraph.\nStill second."
    assert split_story(text).body == ["One line wrapped.", "Second paragraph. Still second."]
