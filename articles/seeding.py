"""A realistic, generated archive for benchmarks: ``manage.py seed_archive --articles N``.

Everything is made with ``bulk_create`` in batches, so 100,000 stories with about a million quotes
fit in minutes. Output is deterministic for a seed. Reference data (sections, topics, authors,
organisations) is looked up by slug and shared between runs; stories and people get a per-run slug
prefix, so a second run adds to the archive instead of colliding with the first.

Quotes are verbatim: each is one whole sentence of the paragraph it is placed in, so
``quote.text in body_paragraphs(article.body)[quote.paragraph]`` holds for every quote.
"""

from __future__ import annotations

import itertools
import random
import secrets
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Author, Section, TaggedArticle, Topic
from sources.models import AnonymousAttribution, Mention, Organisation, Quote, Source


def _words(text: str) -> list[str]:
    return text.split()


WORDS = _words("""
government minister ministry officials said talks security economy budget tax reform parliament
court judge ruling election party vote campaign opposition coalition province district city
police investigation report inquiry commission border trade exports imports prices inflation
energy power gas electricity water flood drought rain harvest wheat farmers market bank loan
debt fund agreement deal meeting visit delegation foreign relations talks summit cooperation
army military defence attack violence protest strike workers union teachers doctors hospital
health vaccine school university students education exam results company shares investors
growth jobs unemployment salaries pension housing rent transport railway road airport flight
port shipping cargo fuel petrol diesel tariff subsidy relief aid donors project plan policy
strategy review decision announcement statement spokesman spokeswoman committee chairman senior
official source expert analyst critics residents families victims survivors witnesses leaders
region country capital nation public private sector federal provincial local national global
week month year yesterday today recently earlier later since during after before under over
new old major minor key main first second last next several many few most more less
increase decrease rise fall drop surge decline record high low level rate figure number data
survey study research findings evidence claim demand warning concern pressure support criticism
debate dispute case law bill amendment constitution rights freedom media press journalists
television radio online digital internet technology mobile network services customers
climate change environment pollution air quality heat wave cold winter summer season crops
""")
# The long tail of a newsroom's vocabulary (names, places, rarer words) as made-up words; drawn
# with a Zipf curve so a search term matches anywhere from most stories to a handful, as in real
# copy. Without it every word of the small list above is in nearly every story.
_SYLLABLES = _words(
    "ka ri man sha bad pur zar gul ton vel dor mi na sta lor ben har qu ez ol ab ti ru sen"
)
LONG_TAIL = sorted(
    {a + b for a in _SYLLABLES for b in _SYLLABLES}
    | {a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES}
)
random.Random(0).shuffle(LONG_TAIL)  # rank in LONG_TAIL is the word's frequency rank
LONG_TAIL_SHARE = 0.4

FILLERS = _words("the a of to in on for with by from at as and that this its their")
FIRST_NAMES = _words("""
Aisha Ahmed Ali Amna Asad Ayesha Bilal Danish Farah Fatima Hamza Hassan Hina Imran Iqbal Javed
Kamran Khalid Lubna Mahnoor Maria Maryam Mehwish Mohsin Nadia Naveed Nida Omar Rabia Rashid Saad
Sadia Saima Salman Sana Shahid Shazia Sohail Tariq Usman Waqar Yasir Zainab Zara Zubair Anna
David Elena James John Laura Maria Michael Olga Peter Sarah Thomas Wei Yuki Kenji Amara Kofi
Ngozi Priya Rahul Anil Deepa Carlos Lucia Ahmet Leyla Dmitri Svetlana Hannah Daniel Rosa Mateo
""")
SURNAMES = _words("""
Abbasi Afridi Ahmed Akhtar Ali Ansari Awan Baig Baloch Bhatti Bukhari Butt Chaudhry Dar Durrani
Farooq Gill Gondal Haider Hashmi Hussain Iqbal Jamali Jatoi Javed Kazmi Khan Khattak Khokhar
Lodhi Magsi Malik Memon Mirza Mughal Naqvi Niazi Qureshi Rana Rizvi Sadiq Sheikh Siddiqui Soomro
Tarar Yousaf Zaidi Zardari Baqai Smith Johnson Brown Garcia Ivanova Petrov Wang Li Chen Sato
Tanaka Mensah Okafor Sharma Gupta Rodriguez Lopez Yilmaz Demir Kowalski Novak Schmidt Muller
""")
SECTION_NAMES = [
    "Pakistan",
    "World",
    "Business",
    "Sport",
    "Opinion",
    "Science",
    "Health",
    "Culture",
    "Education",
    "Environment",
    "Technology",
    "Cities",
]
DATELINES = ["ISLAMABAD", "KARACHI", "LAHORE", "PESHAWAR", "QUETTA", "LONDON", "WASHINGTON"]
TITLES = [
    "Spokesperson",
    "Minister",
    "Secretary",
    "Professor",
    "Analyst",
    "Director",
    "Chairman",
    "Senator",
    "Economist",
    "Resident",
    "Lawyer",
    "Doctor",
]
ORG_KINDS = [kind for kind, _ in Organisation.Kind.choices]
SOURCE_KINDS = [kind for kind, _ in Source.Kind.choices]
ANONYMOUS_DESCRIPTIONS = [
    "A senior official",
    "A government source",
    "A diplomat familiar with the talks",
    "A person close to the negotiations",
    "A security official",
    "An official at the ministry",
]
ANONYMOUS_REASONS = [
    "Not authorised to speak to the press.",
    "Fear of reprisal from their employer.",
    "The talks are confidential.",
    "Speaking about an ongoing investigation.",
]
CONTEXTS = ["in an interview", "at a press conference", "in a statement", "speaking to reporters"]
YEARS = 10
TOPICS = 500
AUTHORS = 200


@dataclass
class SeedReport:
    articles: int = 0
    quotes: int = 0
    people: int = 0
    anonymous: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


class Progress:
    """A one-line progress bar on stderr; silent when ``stream`` is None."""

    def __init__(self, total: int, stream=sys.stderr, width: int = 30):
        self.total, self.stream, self.width = max(total, 1), stream, width
        self.start = time.perf_counter()

    def update(self, done: int) -> None:
        if self.stream is None:
            return
        filled = int(self.width * done / self.total)
        elapsed = time.perf_counter() - self.start
        rate = done / elapsed if elapsed else 0
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total} "
            f"stories, {elapsed:.0f}s, {rate:.0f}/s"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()


def zipf_cum_weights(n: int, exponent: float = 1.0, offset: int = 20) -> list[float]:
    """Cumulative Zipf-Mandelbrot weights for ``random.choices``: a few names recur often, most
    rarely. The offset keeps the head realistic: with 33,000 people the most quoted one is in
    about 4,000 of 100,000 stories, not in every other one.
    """
    return list(itertools.accumulate(1 / ((rank + offset) ** exponent) for rank in range(1, n + 1)))


def refresh_statistics() -> None:
    """Planner statistics for the freshly loaded rows and, on PostgreSQL, what VACUUM does:
    the visibility map that index-only scans need, and the search index's pending entries
    (GIN ``fastupdate``) merged into the index. Autovacuum may not get to them for a while, or
    be off: unvacuumed, every search scanned the pending entries and the planner, pricing the
    search index high, tested stories' vectors one by one (docs/performance.md). VACUUM cannot
    run in a transaction, so inside one (in tests) only ANALYZE runs.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


class ArchiveSeeder:
    def __init__(self, *, seed: int = 1, batch: int = 2000, prefix: str | None = None, now=None):
        self.rng = random.Random(seed)
        self.batch = batch
        self.prefix = prefix or f"arc{seed}-{secrets.token_hex(3)}"
        self.now = now or timezone.now()
        self.oldest = self.now - timedelta(days=365 * YEARS)
        self.long_tail_weights = zipf_cum_weights(len(LONG_TAIL), 1.0, offset=10)

    # Reference data, shared between runs -------------------------------------------------

    def ensure(self, model, specs: list[dict]) -> list:
        existing = {
            obj.slug: obj for obj in model.objects.filter(slug__in=[s["slug"] for s in specs])
        }
        missing = [model(**spec) for spec in specs if spec["slug"] not in existing]
        model.objects.bulk_create(missing, batch_size=self.batch)
        return list(model.objects.filter(slug__in=[s["slug"] for s in specs]).order_by("pk"))

    def reference_data(self) -> None:
        sections = [
            {"name": name, "slug": slugify(name), "position": index}
            for index, name in enumerate(SECTION_NAMES)
        ]
        existing_names = set(Section.objects.values_list("name", flat=True))
        self.sections = self.ensure(
            Section, [s for s in sections if s["name"] not in existing_names]
        ) + list(Section.objects.filter(name__in=existing_names & set(SECTION_NAMES)))
        pairs = sorted({(a, b) for a in WORDS[:60] for b in WORDS[60:140]})
        topic_rng = random.Random(0)  # topic names do not depend on the run's seed
        topic_rng.shuffle(pairs)
        self.topics = self.ensure(
            Topic,
            [{"name": f"{a.title()} {b}", "slug": f"archive-{a}-{b}"} for a, b in pairs[:TOPICS]],
        )
        self.authors = self.ensure(
            Author,
            [
                {
                    "name": f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {SURNAMES[i * 7 % len(SURNAMES)]}",
                    "slug": f"archive-author-{i}",
                    "job_title": "Staff Reporter",
                }
                for i in range(AUTHORS)
            ],
        )

    def organisations(self, count: int) -> list[Organisation]:
        return self.ensure(
            Organisation,
            [
                {
                    "name": f"{WORDS[i % len(WORDS)].title()} {WORDS[(i * 13 + 5) % len(WORDS)]} {('Ministry', 'Council', 'Institute', 'Authority', 'Association')[i % 5]}",
                    "slug": f"archive-org-{i}",
                    "kind": ORG_KINDS[i % len(ORG_KINDS)],
                    "country": "Pakistan",
                }
                for i in range(count)
            ],
        )

    def people(self, count: int, organisations: list[Organisation]) -> list[Source]:
        rng = self.rng
        people = []
        for i in range(count):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            people.append(
                Source(
                    name=name,
                    slug=f"{self.prefix}-{slugify(name)}-{i}",
                    title=rng.choice(TITLES),
                    kind=rng.choice(SOURCE_KINDS),
                    organisation=rng.choice(organisations) if rng.random() < 0.6 else None,
                )
            )
        return Source.objects.bulk_create(people, batch_size=self.batch)

    # Stories --------------------------------------------------------------------------

    def sentence(self) -> str:
        rng = self.rng
        words = rng.choices(WORDS, k=rng.randint(7, 18))
        rare = rng.choices(LONG_TAIL, cum_weights=self.long_tail_weights, k=len(words))
        for index in range(len(words)):
            if index % 3 == 1:
                words[index] = rng.choice(FILLERS)
            elif rng.random() < LONG_TAIL_SHARE:
                words[index] = rare[index]
        return " ".join(words).capitalize() + "."

    def paragraphs(self) -> list[list[str]]:
        return [
            [self.sentence() for _ in range(self.rng.randint(2, 5))]
            for _ in range(self.rng.randint(8, 25))
        ]

    def status_and_time(self) -> tuple[str, datetime | None]:
        roll = self.rng.random()
        published_at = self.oldest + timedelta(seconds=self.rng.uniform(0, YEARS * 365 * 86400))
        if roll < 0.02:
            return Article.Status.DRAFT, None
        if roll < 0.03:
            return Article.Status.IN_REVIEW, None
        if roll < 0.035:
            return Article.Status.UNPUBLISHED, published_at
        return Article.Status.PUBLISHED, published_at

    def run(self, articles: int, progress: Progress | None = None) -> SeedReport:
        started = time.perf_counter()
        report = SeedReport()
        self.reference_data()
        orgs = self.organisations(max(20, min(2000, articles // 50)))
        people = self.people(max(50, articles // 3), orgs)
        report.people = len(people)
        person_weights = zipf_cum_weights(len(people))
        topic_weights = zipf_cum_weights(len(self.topics), 1.0, offset=5)
        done = 0
        for offset in range(0, articles, self.batch):
            size = min(self.batch, articles - offset)
            with transaction.atomic():
                self.seed_batch(offset, size, people, person_weights, orgs, topic_weights, report)
            done += size
            if progress:
                progress.update(done)
        if progress:
            progress.close()
        refresh_statistics()
        report.articles = done
        report.seconds = time.perf_counter() - started
        return report

    def seed_batch(self, offset, size, people, person_weights, orgs, topic_weights, report):
        rng = self.rng
        stories = []
        bodies = []
        for i in range(offset, offset + size):
            paragraphs = self.paragraphs()
            headline = " ".join(rng.choices(WORDS, k=rng.randint(5, 10))).capitalize()
            status, published_at = self.status_and_time()
            stories.append(
                Article(
                    headline=headline,
                    slug=f"{self.prefix}-{i}-{slugify(headline)}"[:200],
                    dek=self.sentence(),
                    dateline=rng.choice(DATELINES),
                    section=rng.choice(self.sections),
                    body="\n".join(f"<p>{' '.join(p)}</p>" for p in paragraphs),
                    status=status,
                    published_at=published_at,
                )
            )
            bodies.append(paragraphs)
        stories = Article.objects.bulk_create(stories, batch_size=self.batch)

        bylines, tags, anonymous, mentions, quote_specs = [], [], [], [], []
        for article, paragraphs in zip(stories, bodies, strict=True):
            for author in set(rng.choices(self.authors, k=rng.choice((1, 1, 1, 2)))):
                bylines.append(Article.authors.through(article_id=article.pk, author_id=author.pk))
            for topic in set(
                rng.choices(self.topics, cum_weights=topic_weights, k=rng.randint(1, 4))
            ):
                tags.append(TaggedArticle(content_object_id=article.pk, tag_id=topic.pk))
            story_anonymous = [
                AnonymousAttribution(
                    article_id=article.pk,
                    description=rng.choice(ANONYMOUS_DESCRIPTIONS),
                    organisation=rng.choice(orgs) if rng.random() < 0.5 else None,
                    reason=rng.choice(ANONYMOUS_REASONS),
                    identity=rng.choice(people) if rng.random() < 0.3 else None,
                )
                for _ in range(rng.choice((0, 0, 0, 1, 1, 2)))
            ]
            anonymous.extend(story_anonymous)
            for person in set(rng.choices(people, cum_weights=person_weights, k=rng.randint(0, 2))):
                mentions.append(Mention(article_id=article.pk, source_id=person.pk))
            positions: dict[int, int] = {}
            for _ in range(rng.randint(5, 15)):
                index = rng.randrange(len(paragraphs))
                position = positions.get(index, 0)
                positions[index] = position + 1
                quote = Quote(
                    article_id=article.pk,
                    story_published_at=article.published_at,
                    text=rng.choice(paragraphs[index]),
                    is_direct=rng.random() < 0.7,
                    paragraph=index,
                    position=position,
                    context=rng.choice(CONTEXTS) if rng.random() < 0.3 else "",
                )
                roll = rng.random()
                if story_anonymous and roll < 0.15:
                    quote_specs.append((quote, rng.choice(story_anonymous)))
                    continue
                if roll < 0.3:
                    quote.organisation = rng.choice(orgs)
                else:
                    quote.source = rng.choices(people, cum_weights=person_weights)[0]
                    quote.speaker_title = quote.source.title
                quote_specs.append((quote, None))

        Article.authors.through.objects.bulk_create(bylines, batch_size=self.batch)
        TaggedArticle.objects.bulk_create(tags, batch_size=self.batch)
        Mention.objects.bulk_create(mentions, batch_size=self.batch)
        AnonymousAttribution.objects.bulk_create(anonymous, batch_size=self.batch)
        quotes = []
        for quote, attribution in quote_specs:
            if attribution is not None:
                quote.anonymous_id = attribution.pk
            quotes.append(quote)
        Quote.objects.bulk_create(quotes, batch_size=self.batch)
        report.quotes += len(quotes)
        report.anonymous += len(anonymous)
