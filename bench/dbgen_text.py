"""Words the benchmark databases are written in: teams, people, requests, goals and notes.

Combined at random (with a fixed seed) they give thousands of distinct engagements whose texts
have the lengths real ones have: a team name of 15-40 characters, a request of 100-400, a goal
of 60-150, private notes of 60-400.
"""

import random


def _split(text: str) -> tuple[str, ...]:
    """The items of a ";"-separated list written over several lines."""
    return tuple(" ".join(item.split()) for item in text.split(";"))


FUNCTIONS = _split(
    """
    Customer Support; Accounts Payable; Accounts Receivable; Payroll Operations; Field
    Engineering; Inside Sales; Key Account Management; Claims Handling; Underwriting; Credit
    Control; Service Desk; Network Operations; Warehouse Dispatch; Inbound Logistics;
    Procurement; Recruitment; HR Business Support; Facilities; Quality Assurance; Clinical
    Coding; Outpatient Bookings; Ward Administration; Collections; Mortgage Advice; Fraud
    Operations; Complaints Resolution; Product Support; Onboarding; Contract Management; Legal
    Operations; Data Protection; Marketing Operations; Digital Content; Store Operations; Visual
    Merchandising; Maintenance Planning; Production Line; Site Safety; Planning and Scheduling;
    Billing
    """
)
QUALIFIERS = _split(
    """
    North; South; East; West; Midlands; Scotland; Wales; Tier 1; Tier 2; Nights; Weekend; Lyon;
    Dublin; Leeds; Bristol; Manchester; Glasgow; Cardiff; Belfast; Rotterdam; Kraków; Lisbon;
    Motor; Home; SME; Enterprise; Public Sector; Retail; Wholesale; Team A; Team B; Team C
    """
)
FIRST_NAMES = _split(
    """
    Priya; Tom; Aisha; Liam; Chloé; Mateusz; Grace; Oluwaseun; Hannah; Ravi; Siobhán; Marco;
    Fatima; James; Mei; Daniel; Ana; Kwame; Sophie; Ibrahim; Eleanor; Joaquín; Niamh; Arjun;
    Zofia; Callum; Yusuf; Ingrid; Rhys; Leila; Björn; Charlotte; Hiroshi; Amara; Owen; Freya;
    Dmitri; Ruth; Kofi; Isla
    """
)
SURNAMES = _split(
    """
    Nair; Hughes; Khan; O'Brien; Dubois; Kowalski; Mensah; Adeyemi; Fischer; Patel; Ní Bhriain;
    Rossi; Haddad; Whitfield; Chen; Evans; Silva; Asante; Martin; Yilmaz; Thompson; García;
    Murphy; Sharma; Nowak; MacLeod; Aydın; Larsen; Pritchard; Rahimi; Lindqvist; Bennett;
    Tanaka; Okafor; Jenkins; Sinclair; Volkov; Goldberg; Boateng; Fraser
    """
)
ORGANISATIONS = _split(
    """
    Northwind Utilities; Harbour Mutual; Calder Health Trust; Brightline Rail; Fenwick & Cole;
    Aldermoor Council; Kestrel Logistics; Meridian Bank; Thornbury Foods; Larchfield Housing;
    Pennant Insurance; Oakridge University; Sable Telecom; Riverside Retail Group; Ashgrove
    Manufacturing
    """
)
BUSINESS_UNITS = _split(
    """
    Customer Operations; Finance Shared Services; People Services; Commercial; Technology;
    Supply Chain; Clinical Services; Retail Banking; Property Services; Corporate Services;
    Manufacturing;
    """
)
PARTNERS = ("Sam Okafor", "Jo Whitaker", "Alex Moreau", "Nadia Rahman", "")

_OPENINGS = _split(
    """
    Our {kpi} has dropped for two quarters running.; The team keeps missing its {kpi} target and
    the director has noticed.; Since the restructure, {kpi} has gone the wrong way.; We have had
    three complaints this month about {topic}.; New starters take far too long to get up to
    speed on {topic}.; An audit flagged errors in {topic} and we need to act before the next
    one.; We are rolling out a new system for {topic} in the spring.; Half the team is new and
    {kpi} shows it.
    """
)
_ASKS = _split(
    """
    Can you put the whole team through a course on {topic}?; Could we get some e-learning on
    {topic} for everyone?; I'd like a refresher workshop on {topic}, half a day if possible.;
    Can you run a {topic} masterclass before the peak?; We need a training plan for {topic},
    something people can do between calls.; Is there a module on {topic} in the learning
    platform we can assign?
    """
)
_CONSTRAINTS = _split(
    """
     Something practical, a day at most.;  We cannot take people off the floor for long.;  It
    has to be done before the end of the quarter.;  Budget is tight this year.;  The shift
    pattern makes classroom sessions hard to organise.;  Ideally something we can repeat for the
    next intake.;
    """
)
TOPICS = _split(
    """
    customer empathy; the billing rules; time management; difficult conversations; the new CRM;
    invoice matching; data protection; resilience; handovers; root-cause analysis; negotiation;
    the escalation process; report writing; safe lifting; coaching skills; product knowledge
    """
)
KPIS = _split(
    """
    customer satisfaction; first-contact resolution; invoice accuracy; on-time dispatch; the
    error rate; average handling time; the backlog; staff retention; conversion;
    right-first-time
    """
)
_OUTCOMES = _split(
    """
    Customers get their problem solved in the first contact; Invoices are matched correctly the
    first time; Orders leave the warehouse on the day promised; New starters handle routine
    cases alone within six weeks; Claims are settled within the service level; Complaints are
    resolved without escalation; Handovers between shifts lose no open case; Every job is left
    safe and signed off on the first visit; Sales calls end with an agreed next step; Reports
    reach the client complete and on time
    """
)
_BENEFITS = _split(
    """
    so that repeat contacts fall and satisfaction recovers; so that month-end closes on time
    without overtime; so that penalty charges stop; so that experienced staff stop firefighting;
    so that the backlog is cleared; so that the audit finds no repeat finding; so that retention
    improves; so that revenue per account grows
    """
)
_WHENS = _split(
    """
    before the spring peak; by the end of the financial year; within two quarters; before the
    new system goes live; by the next audit;
    """
)
_NOTE_PARTS = (
    "{first} is under pressure from their director to 'do training'; keep the course "
    "option visible but costed.",
    "The team distrusts the new dashboard; check the data before the next check-in.",
    "Two of the experienced people are leaving in March, which will hit {kpi}.",
    "{first} agreed to change the target on the wall but HR has to sign it off.",
    "Ask about the rota: it may explain the drop on Mondays.",
    "Last year's workshop on {topic} changed nothing; worth saying gently.",
    "The team lead is new in post and keen; the previous one left after a grievance.",
    "Budget holder is actually the regional director, not {first}.",
    "Follow up on the knowledge base: half the articles are out of date.",
    "Sounded tired and stretched; offer to take the first draft of the plan.",
)


def team_name(rng: random.Random) -> str:
    """A team's name, e.g. "Claims Handling – Motor"."""
    return f"{rng.choice(FUNCTIONS)} – {rng.choice(QUALIFIERS)}"


def person(rng: random.Random) -> str:
    """A first name and a surname."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def request(rng: random.Random) -> str:
    """A manager's request as they might phrase it (100-400 characters)."""
    topic, kpi = rng.choice(TOPICS), rng.choice(KPIS)
    parts = [
        rng.choice(_OPENINGS).format(kpi=kpi, topic=topic),
        rng.choice(_ASKS).format(topic=topic),
        rng.choice(_CONSTRAINTS),
    ]
    if rng.random() < 0.5:
        parts.append(rng.choice(_OPENINGS).format(kpi=rng.choice(KPIS), topic=topic))
    return " ".join(part for part in parts if part)


def goal(rng: random.Random, *, may_be_empty: bool = False) -> str:
    """A business goal (60-150 characters); if it `may_be_empty`, empty one time in four."""
    if may_be_empty and rng.random() < 0.25:
        return ""
    when = rng.choice(_WHENS)
    return f"{rng.choice(_OUTCOMES)}, {rng.choice(_BENEFITS)}{' ' + when if when else ''}."


def note(rng: random.Random, manager: str) -> str:
    """A private note of one to three sentences."""
    first = manager.split()[0]
    parts = rng.sample(_NOTE_PARTS, rng.randint(1, 3))
    return " ".join(
        p.format(first=first, kpi=rng.choice(KPIS), topic=rng.choice(TOPICS)) for p in parts
    )


def team_context(rng: random.Random, size: int) -> str:
    """One or two sentences about the team."""
    newcomers = rng.randint(0, max(1, size // 4))
    return (
        f"{size} people across {rng.randint(1, 3)} shifts; {newcomers} joined in the last "
        f"quarter. Most of the work is {rng.choice(TOPICS)} and {rng.choice(TOPICS)}."
    )
