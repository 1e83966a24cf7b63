"""Theme matching: inflections, phrases, evidence, overlaps, street names and Welsh."""

from __future__ import annotations

import pytest

from nlp import Tagger


@pytest.mark.parametrize(
    ("text", "theme", "evidence"),
    [
        ("The bins were not emptied again", "waste", "bins"),
        ("Binmen left rubbish everywhere", "waste", "Binmen"),
        ("The bin collection is late", "waste", "bin collection"),
        ("Fix the potholes on our road", "transport", "potholes"),
        ("More buses to the hospital please", "transport", "buses"),
        ("Homelessness is rising in the town centre", "housing", "Homelessness"),
        ("Fly-tipping in the lane behind the shops", "waste", "Fly-tipping"),
        ("I don't feel safe walking home at night, there is antisocial behaviour", "safety",
         "antisocial"),
        ("My mum waited months for social care", "health_care", "social care"),
        # the labelling guide's rules 4 and 5 (nlp/data/LABELLING.md)
        ("My follow-up appointment was cancelled twice", "health_care", "appointment"),
        ("The treatment I had was quick", "health_care", "treatment"),
        ("Discharged late in the evening with no lift home", "health_care", "Discharged"),
        ("The waiting room had nowhere to sit", "health_care", "waiting room"),
        ("The receptionist could not find my letter", "health_care", "receptionist"),
        ("The night staff were kind and the beds were clean", "health_care", "night staff"),
        ("Broadband in the village is too slow to work from home", "planning", "Broadband"),
        ("Put the power lines underground", "planning", "power lines"),
        ("Our noisy neighbours play music until 3am", "safety", "noisy neighbours"),
        ("The courts let repeat offenders off lightly", "safety", "courts"),
        ("Introduce term limits for the mayor", "council", "term limits"),
        ("Central government keeps cutting the grant", "council", "Central government"),
        ("Trap the predators that kill native birds", "green_space", "predators"),
        ("Water quality in the stream is getting worse", "green_space", "Water quality"),
    ],
)  # fmt: skip
def test_a_theme_is_found_with_its_evidence(
    tagger: Tagger, text: str, theme: str, evidence: str
) -> None:
    result = tagger.tag(text)
    assert theme in result.themes
    assert evidence in result.evidence[theme]


def test_an_answer_can_carry_several_themes(tagger: Tagger) -> None:
    result = tagger.tag("Rents are too high and the buses to work are never on time")
    assert {"housing", "transport"} <= set(result.themes)


def test_an_answer_with_no_council_subject_gets_no_theme(tagger: Tagger) -> None:
    assert tagger.tag("I don't know what this means").themes == []


def test_the_longer_phrase_wins_so_a_car_park_is_not_a_park(tagger: Tagger) -> None:
    result = tagger.tag("The car park by the station is always full")
    assert "transport" in result.themes
    assert "green_space" not in result.themes


def test_a_street_name_is_where_not_what(tagger: Tagger) -> None:
    assert tagger.tag("Skating rink on Gordon Ave").themes == ["community"]


def test_one_weak_word_alone_is_not_enough(tagger: Tagger) -> None:
    assert "planning" not in tagger.tag("Downtown is nice").themes


def test_themes_come_in_taxonomy_order(tagger: Tagger) -> None:
    result = tagger.tag("Council tax pays for the library and the bins")
    assert result.themes == ["waste", "community", "council"]


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Mae angen mwy o fysiau i'r dref", "transport"),  # bysiau, soft mutation
        ("Dylai'r cyngor wrando", "council"),
        ("Rydw i'n byw yng Nghaerdydd ac mae rhent yn rhy uchel", "housing"),
        ("Mae sbwriel ym mhob man a does dim digon o finiau", "waste"),  # biniau -> finiau
        ("Does dim digon o le i'r plant chwarae", "children_education"),
        ("Rwy'n poeni am ein nghyngor ni", "council"),  # nasal mutation
        ("Mae'r heddlu yn rhy bell", "safety"),
        ("Does dim meddyg teulu yn y pentref", "health_care"),
    ],
)
def test_welsh_answers_match_welsh_patterns_and_their_mutations(
    tagger: Tagger, text: str, theme: str
) -> None:
    assert theme in tagger.tag(text, language="cy").themes


def test_welsh_patterns_do_not_apply_to_english_answers(blank_tagger: Tagger) -> None:
    # "plant" is Welsh for children, but an English plant is not a school matter
    assert "children_education" not in blank_tagger.tag("Plant more flowers").themes


@pytest.mark.parametrize(
    "text",
    [
        "More police on the streets at night",
        "Young people should help scrutinise policing",
        "Crime has gone up on our estate",
        "Officers should get to know the young people",
        "Stop and search is used unfairly",
        "Knife crime frightens parents",
        "Gangs hang around the shops",
        "Violence outside the pubs at closing time",
        "Antisocial behaviour in the park every weekend",
        "The underpass feels unsafe",
        "Put CCTV in the car park",
        "Fix the street lights on the estate",
    ],
)
def test_community_safety_is_found_from_its_everyday_words(tagger: Tagger, text: str) -> None:
    assert "safety" in tagger.tag(text).themes


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Pedestrians have nowhere to cross", "transport"),
        ("Plant wildflower meadows for pollinators", "green_space"),
        ("The streets are filthy", "waste"),
        ("It takes weeks to see anyone at the surgery", "health_care"),
        ("Youngsters have nowhere to go in the evening", "children_education"),
        ("Support local traders and footfall will follow", "economy"),
        ("Keep the football pitches and the pub", "community"),
        ("Too many eyesores and empty buildings", "planning"),
        ("Taxpayers deserve value for money", "council"),
        ("Tackle homophobia and prejudice", "inclusion"),
        ("My landlord ignores the damp", "housing"),
    ],
)
def test_general_vocabulary_beyond_the_labelled_answers(
    tagger: Tagger, text: str, theme: str
) -> None:
    assert theme in tagger.tag(text).themes


def test_a_word_matching_two_weak_patterns_is_still_one_weak_word(tagger: Tagger) -> None:
    # the model lemmatises "cleaner" to "clean": both are weak waste words, but it is one word
    result = tagger.tag("We need other transport options, greener and cleaner")
    assert "waste" not in result.themes


def test_place_words_alone_do_not_make_an_answer_about_planning(tagger: Tagger) -> None:
    assert "planning" not in tagger.tag("Free concerts downtown and on the riverfront").themes


def test_a_shared_phrase_can_carry_two_themes(tagger: Tagger) -> None:
    result = tagger.tag("Hate crime must be reported")
    assert {"safety", "inclusion"} <= set(result.themes)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Mae gangiau a chyllyll yn broblem", "safety"),  # cyllyll, aspirate mutation
        ("Mae angen mwy o blismona yn y dref", "safety"),  # plismona, soft mutation
        ("Mae'r tagfeydd yn ofnadwy", "transport"),
        ("Mae'r feddygfa ar gau", "health_care"),  # meddygfa, soft mutation
    ],
)
def test_new_welsh_patterns_match_with_mutations(tagger: Tagger, text: str, theme: str) -> None:
    assert theme in tagger.tag(text, language="cy").themes


def test_theme_scores_are_exposed_for_experiments(blank_tagger: Tagger) -> None:
    matcher = blank_tagger.nlp.get_pipe("copro_themes")
    doc = blank_tagger.nlp("More buses and a safe, well-lit route")
    scores = matcher.scores(doc)
    assert scores["transport"] >= 1.0
    assert scores["safety"] >= 1.0
