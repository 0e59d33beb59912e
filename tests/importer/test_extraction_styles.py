"""Wire-copy constructions beyond the original evaluation set, one short story each."""

from importer.extraction import split_story
from tests.importer.helpers import quotes, who


def test_and_said_with_pronoun_clause_and_no_earlier_attribution_does_not_crash():
    found = quotes(
        "CHICAGO - Reyes did not testify. Before the sentence was read, he told the court he "
        "was “deeply sorry” and asked the judge for leniency."
    )
    assert all(direct is not None for _, _, direct, _ in found)


def test_dateline_with_country_date_and_agency():
    assert split_story("KYIV, Ukraine — Ships sailed.").body == ["Ships sailed."]
    story = split_story("LONDON, March 3 (Reuters) - Shares rose.")
    assert (story.dateline, story.lead) == ("LONDON", "Shares rose.")
    assert split_story("MADRID (AP) — Castilla lost.").lead == "Castilla lost."
    found = quotes("MANILA, Philippines - The storm killed 27 people, disaster officials said.")
    assert [(text, direct) for _, text, direct, _ in found] == [
        ("The storm killed 27 people", False)
    ]


def test_declined_to_comment_but_said_takes_the_first_subject():
    found = quotes(
        "BERLIN - A spokeswoman for the housing association declined to comment on the study but "
        "said landlords were already investing in insulation."
    )
    assert [(s.kind, text) for s, text, _, _ in found] == [
        ("anonymous", "landlords were already investing in insulation")
    ]


def test_participle_clause_inherits_the_speaker_and_ends_the_first_clause():
    found = quotes(
        "MADRID - Coach Andoni Ibarra said on Saturday he would not change his approach, "
        "insisting his team was “closer than the table shows.”"
    )
    assert [(who(s), text, direct) for s, text, direct, _ in found] == [
        ("Andoni Ibarra", "he would not change his approach", False),
        ("Andoni Ibarra", "his team was “closer than the table shows.”", False),
        ("Andoni Ibarra", "closer than the table shows.", True),
    ]


def test_told_with_a_noun_object_and_no_that():
    found = quotes(
        "CHICAGO - Daniel Reyes, 47, was sentenced. He told the court he was “deeply sorry” and "
        "asked the judge for leniency."
    )
    assert [(who(s), text, direct) for s, text, direct, _ in found] == [
        ("Daniel Reyes", "he was “deeply sorry”", False),
        ("Daniel Reyes", "deeply sorry", True),
    ]


def test_pronoun_after_an_asked_clause_is_the_subject():
    found = quotes(
        "LONDON - Chief Executive Sarah Whitfield spoke. Asked whether the bank would buy rivals, "
        "she said: “We look at everything.”"
    )
    assert [(who(s), text, direct) for s, text, direct, _ in found] == [
        ("Sarah Whitfield", "We look at everything.", True)
    ]


def test_said_followed_by_a_place_adjunct_attributes_the_quote():
    found = quotes("CHICAGO - “We will appeal,” Thomas Brandt said outside the courthouse.")
    assert [(who(s), text) for s, text, _, _ in found] == [("Thomas Brandt", "We will appeal,")]


def test_said_with_a_clause_opening_on_a_time_word():
    found = quotes("BERLIN - Ursula Meier, 81, said last summer was the worst she could remember.")
    assert [(who(s), text) for s, text, _, _ in found] == [
        ("Ursula Meier", "last summer was the worst she could remember")
    ]


def test_title_and_name_between_quote_and_told_reuters():
    found = quotes(
        "LAGOS - “We cannot sell at a loss,” Eko’s chief commercial officer, Funmilayo Adebayo, "
        "told Reuters."
    )
    assert [(who(s), text) for s, text, _, _ in found] == [
        ("Funmilayo Adebayo", "We cannot sell at a loss,")
    ]


def test_quote_in_an_asked_opener_is_not_the_speakers():
    found = quotes(
        "BERLIN - Asked whether Germany should adopt a “canicule” alert, Petra Hansen said her "
        "ministry was “looking at every option.”"
    )
    assert [(text, direct) for _, text, direct, _ in found] == [
        ("her ministry was “looking at every option.”", False),
        ("looking at every option.", True),
    ]


def test_quote_left_open_mid_paragraph_and_reopened_in_the_next():
    found = quotes(
        'MANILA - "The water came up," Marites Dacanay said. "I thought we would not see the '
        'morning.\n\n"But the church held."'
    )
    assert [(who(s), text, p) for s, text, _, p in found] == [
        ("Marites Dacanay", "The water came up,", 0),
        ("Marites Dacanay", "I thought we would not see the morning.", 0),
        ("Marites Dacanay", "But the church held.", 1),
    ]


def test_the_plus_capitalised_word_is_an_institution():
    found = quotes(
        "WASHINGTON - The companies ran a fleet of tankers, according to a statement from the "
        "Treasury."
    )
    assert [(s.kind, s.organisation, s.name) for s, _, _, _ in found] == [
        ("other", "Treasury", None)
    ]


def test_unnamed_groups_of_people_are_anonymous():
    found = quotes(
        "LAGOS - Analysts at Lagos-based brokerage Cordros Capital said inflation could rise.\n\n"
        "Two people familiar with the matter said insurers had raised premiums.\n\n"
        "Petrol station owners said queues had returned."
    )
    assert [s.kind for s, _, _, _ in found] == ["anonymous"] * 3
    assert found[0][0].anonymous_description.startswith("Analysts")


def test_subject_of_an_earlier_verb_before_and_said():
    found = quotes(
        "LONDON - British lender Northgate Bank on Tuesday reported a rise in profit and said it "
        "would buy back shares."
    )
    assert [(s.kind, s.organisation, text) for s, text, _, _ in found] == [
        ("other", "Northgate Bank", "it would buy back shares")
    ]


def test_the_company_refers_to_the_business_named_earlier():
    found = quotes(
        "LAGOS - Nigeria’s largest private refinery, Eko Petroleum, raised prices on Thursday.\n\n"
        "The company said the rise reflected a weaker naira."
    )
    assert [(s.kind, s.organisation) for s, _, _, _ in found] == [("other", "Eko Petroleum")]


def test_second_source_after_a_closing_mark_ends_the_first_clause():
    found = quotes(
        "MADRID - Club president Jaime Ortúzar said last month that Ibarra had his “full "
        "confidence,” but Spanish media reported on Friday that the board had met."
    )
    assert [(who(s), text, direct) for s, text, direct, _ in found] == [
        ("Jaime Ortúzar", "Ibarra had his “full confidence,”", False),
        ("Jaime Ortúzar", "full confidence,", True),
        ("Spanish media", "the board had met", False),
    ]


def test_said_with_a_bare_weekday_and_an_indefinite_clause():
    found = quotes(
        "SYDNEY (AP) — Fires burned on Tuesday, officials said Tuesday.\n\n"
        "The Bureau of Meteorology said a cool change was expected late Wednesday.\n\n"
        "The bank reported a rise in profit and said nothing else."
    )
    assert [(who(s), text) for s, text, _, _ in found] == [
        ("officials", "Fires burned on Tuesday"),
        ("Bureau of Meteorology", "a cool change was expected late Wednesday"),
    ]


def test_single_capital_before_a_quote_ends_the_sentence():
    found = quotes(
        'TORONTO - "We tried," union president Marvin Alfred wrote on X. "Nobody wanted this."'
    )
    assert [(who(s), text) for s, text, _, _ in found] == [
        ("Marvin Alfred", "We tried,"),
        ("Marvin Alfred", "Nobody wanted this."),
    ]


def test_told_a_capitalised_name_ending_in_ed_then_that():
    found = quotes(
        "NAIROBI - His lawyer, James Orengo-Kibet, told The Associated Press that the defence "
        "had been denied access."
    )
    assert [(who(s), text) for s, text, _, _ in found] == [
        ("James Orengo-Kibet", "the defence had been denied access")
    ]


def test_pronoun_clause_whose_verb_is_inside_the_quote():
    found = quotes(
        "NAIROBI - The U.S. Embassy in Nairobi said in a statement it “takes note of the decision.”"
    )
    assert [(text, direct) for _, text, direct, _ in found] == [
        ("it “takes note of the decision.”", False),
        ("takes note of the decision.", True),
    ]


def test_who_it_said_stays_inside_the_outer_clause():
    found = quotes(
        "NAIROBI - The electoral commission said the ruling vindicated its staff, who it said had "
        "worked under pressure."
    )
    assert [text for _, text, _, _ in found] == [
        "the ruling vindicated its staff, who it said had worked under pressure"
    ]


def test_acronym_names_are_institutions():
    found = quotes("SEOUL - SK Hynix said its memory chips were sold out.")
    assert [(s.kind, s.organisation) for s, _, _, _ in found] == [("other", "SK Hynix")]


def test_but_warned_with_an_object_ends_the_reported_clause():
    found = quotes(
        "TOKYO - The agency said in a statement late Tuesday that there was no tsunami risk but "
        "warned residents to expect aftershocks."
    )
    assert [text for _, text, _, _ in found] == ["there was no tsunami risk"]


def test_estimate_that_is_reported_but_an_estimate_is_not():
    found = quotes(
        "JOHANNESBURG - Economists estimate that the cuts shave two points off growth.\n\n"
        "Heat killed 8,200 people, twice the previous official estimate, according to the "
        "Robert Koch Institute."
    )
    assert [(s.kind, text) for s, text, _, _ in found] == [
        ("anonymous", "the cuts shave two points off growth"),
        ("other", "Heat killed 8,200 people, twice the previous official estimate"),
    ]


def test_company_name_words_make_an_institution():
    found = quotes("TOKYO - Tohoku Electric Power said it had found no abnormalities.")
    assert [(s.kind, s.organisation) for s, _, _, _ in found] == [
        ("other", "Tohoku Electric Power")
    ]


def test_adjunct_between_commas_before_said():
    found = quotes("LONDON - The ministry, in a statement, said the plan would fail.")
    assert [(s.organisation, text) for s, text, _, _ in found] == [
        ("ministry", "the plan would fail")
    ]


def test_told_an_outlet_then_a_colon_and_a_quote():
    found = quotes("LONDON - Jane Smith told Reuters: “It will fail.”")
    assert [(who(s), text, direct) for s, text, direct, _ in found] == [
        ("Jane Smith", "It will fail.", True)
    ]


def test_citing_participle_ends_the_reported_clause():
    found = quotes("LONDON - Analysts said they expected rates to fall, citing weak data.")
    assert [text for _, text, _, _ in found] == ["they expected rates to fall"]


def test_quote_then_subject_with_a_relative_clause_then_said():
    found = quotes("LONDON - “It is over,” the official, who declined to be named, said.")
    assert [(s.kind, text) for s, text, _, _ in found] == [("anonymous", "It is over,")]


def test_said_in_a_statement_then_a_colon_and_a_quote():
    found = quotes("LONDON - Jane Smith said in a statement: “We are closing.”")
    assert [(who(s), text, direct) for s, text, direct, _ in found] == [
        ("Jane Smith", "We are closing.", True)
    ]


def test_company_suffix_makes_an_institution():
    found = quotes("LONDON - Tesla Inc. said on Monday it would cut prices.")
    assert [(s.kind, text) for s, text, _, _ in found] == [("other", "it would cut prices")]


def test_dateline_with_accented_capitals():
    story = split_story("SÃO PAULO (AP) — Brazil’s former president spoke.")
    assert (story.dateline, story.lead) == ("SÃO PAULO", "Brazil’s former president spoke.")


def test_arabic_name_prefix_and_pronoun_after_it():
    found = quotes(
        "DOHA - An Israeli official said talks would go on.\n\n"
        "Qatar's foreign ministry spokesman, Majed al-Mansouri, told a weekly briefing in Doha "
        "that mediators were hopeful.\n\n"
        "“We have seen movement,” he said."
    )
    assert [who(s) for s, _, _, _ in found] == [
        "An Israeli official",
        "Majed al-Mansouri",
        "Majed al-Mansouri",
    ]


def test_name_with_a_lower_case_particle_after_an_asked_clause():
    found = quotes(
        "SÃO PAULO (AP) — Luiz Carlos da Silva said he would run. Asked about his health, "
        "da Silva said: “I feel better than I did at 60.”"
    )
    assert [(who(s), text) for s, text, _, _ in found] == [
        ("Luiz Carlos da Silva", "he would run"),
        ("Luiz Carlos da Silva", "I feel better than I did at 60."),
    ]


def test_the_group_after_an_institution_speaks_is_that_institution():
    found = quotes(
        "CAIRO - Hamas said in a statement that its delegation would arrive on Tuesday. The group "
        "said it wanted guarantees."
    )
    assert [s.organisation for s, _, _, _ in found] == ["Hamas", "Hamas"]


def test_description_then_single_name_is_an_institution():
    found = quotes(
        "SÃO PAULO (AP) — Da Silva left office popular, according to pollster Datafolha.\n\n"
        "MUMBAI - Schools closed, the city’s civic body said."
    )
    assert [(s.kind, s.organisation) for s, _, _, _ in found] == [
        ("other", "Datafolha"),
        ("other", "city’s civic body"),
    ]


def test_allege_and_remark_report_speech_with_their_quoted_fragments():
    found = quotes(
        "LAHORE - Senator Ali Khan alleged that the budget had been “dictated word by word”. "
        "“The salaried class is squeezed,” he remarked."
    )
    assert [(s.name, text, direct) for s, text, direct, _ in found] == [
        ("Ali Khan", "the budget had been “dictated word by word”", False),
        ("Ali Khan", "dictated word by word", True),
        ("Ali Khan", "The salaried class is squeezed,", True),
    ]


def test_role_introduces_full_name_and_title_for_the_minister():
    found = quotes(
        "ISLAMABAD - Senators walked out after Finance Minister Mian Tariq Mahmood defended the "
        "levy, saying the government had no other way.\n\n"
        "Winding up the debate, the minister said: “We did not choose this path.”"
    )
    assert [(s.name, s.title, text, direct) for s, text, direct, _ in found] == [
        ("Mian Tariq Mahmood", "Finance Minister", "the government had no other way", False),
        ("Mian Tariq Mahmood", "Finance Minister", "We did not choose this path.", True),
    ]


def test_police_rank_acronym_and_anonymity_participle():
    found = quotes(
        "KARACHI - SSP Irfan Baloch said the gang had operated for years. A police official "
        "requesting anonymity said two suspects had fled."
    )
    assert [(s.name, s.kind, who(s)) for s, _, _, _ in found] == [
        ("Irfan Baloch", "official", "Irfan Baloch"),
        (None, "anonymous", "A police official"),
    ]


def test_long_subject_clause_and_writers_second_predicate():
    found = quotes(
        "LAHORE - Head coach Grant Bradburn said the team’s batting collapse in the second Test "
        "against Sri Lanka was “unacceptable”, but backed his top order."
    )
    assert [(text, direct) for _, text, direct, _ in found] == [
        (
            "the team’s batting collapse in the second Test against Sri Lanka was “unacceptable”",
            False,
        ),
        ("unacceptable", True),
    ]


def test_body_name_inside_a_title_before_the_person():
    found = quotes(
        "ISLAMABAD - Former chairman of the Indus River System Authority Rao Irshad Ali Khan "
        "contended that the provinces had never trusted the accord. Karachi Chamber of Commerce "
        "President Iftikhar Sheikh said the decision would hurt traders."
    )
    assert [s.name for s, _, _, _ in found] == ["Rao Irshad Ali Khan", "Iftikhar Sheikh"]


def test_acronym_title_after_a_quote_and_add_with_a_quantity():
    found = quotes(
        "PESHAWAR - “Every missed child is a risk,” WHO Representative in Pakistan Dr Dapeng Luo "
        "said in the statement. A spokesman, Ali Tauqeer, said the dam would add 8.1 million "
        "acre-feet of storage when completed."
    )
    assert [(s.name, text, direct) for s, text, direct, _ in found] == [
        ("Dapeng Luo", "Every missed child is a risk,", True),
        ("Ali Tauqeer", "the dam would add 8.1 million acre-feet of storage when completed", False),
    ]


def test_court_observing_clause_and_the_judge():
    found = quotes(
        "LAHORE - The Lahore High Court on Thursday directed the government to submit a plan, "
        "observing that “half-hearted measures” had failed.\n\n"
        "Justice Shahid Karim remarked that the authorities woke up late. A law officer "
        "representing the government stated that kilns had been converted.\n\n"
        "The judge was not satisfied. “It is a ritual,” he remarked."
    )
    assert [(who(s), s.kind, text, direct) for s, text, direct, _ in found] == [
        ("Lahore High Court", "other", "“half-hearted measures” had failed", False),
        ("Lahore High Court", "other", "half-hearted measures", True),
        ("Shahid Karim", "official", "the authorities woke up late", False),
        (
            "A law officer representing the government",
            "anonymous",
            "kilns had been converted",
            False,
        ),
        ("Shahid Karim", "official", "It is a ritual,", True),
    ]


def test_clause_interrupted_by_its_attribution_gives_two_entries():
    found = quotes(
        "MULTAN - PTI MPA Moeen Qureshi claimed that warnings were ignored. The government, he "
        "alleged, was more interested in photo sessions."
    )
    assert [(s.name, text, direct) for s, text, direct, _ in found] == [
        ("Moeen Qureshi", "warnings were ignored", False),
        ("Moeen Qureshi", "The government", False),
        ("Moeen Qureshi", "was more interested in photo sessions", False),
    ]


def test_long_indefinite_subject_and_object_with_relative_clause():
    found = quotes(
        "LAHORE - Sources in the ministry said a proposal to shift schools to online classes for "
        "two weeks was under consideration. The minister announced a relief package of Rs10 "
        "billion for the families whose homes had been washed away."
    )
    assert [text for _, text, _, _ in found] == [
        "a proposal to shift schools to online classes for two weeks was under consideration"
    ]


def test_writers_comment_participle_ends_the_clause():
    found = quotes(
        "SÃO PAULO (AP) — The former president said Wednesday he will run for governor next "
        "year, ending months of speculation."
    )
    assert [text for _, text, _, _ in found] == ["he will run for governor next year"]


def test_comment_participle_before_the_verb_is_the_sources():
    found = quotes(
        "LONDON - The bank kept rates on hold, signalling that cuts were some way off, its "
        "governor said."
    )
    assert [text for _, text, _, _ in found] == [
        "The bank kept rates on hold, signalling that cuts were some way off"
    ]
