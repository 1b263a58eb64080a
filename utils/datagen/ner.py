"""Résumé-like texts with labelled entity spans, and a WordPiece tokenizer (C5W4, DATA.md `ner`).

Each résumé is written by this project's templates from values that Faker draws (a build-only
dependency, pinned in requirements-build.txt: people's names, companies, cities and states, e-mail
domains, phone numbers and part of the job titles, for the locales in LOCALES) and from the
project's own lists below (skills, degrees, job titles, the patterns of college names, sentences
of work done). Templates, section order, section headings, bullet styles, capitalisation and
spacing vary from one résumé to the next, and sections may be missing.

Every entity is recorded as a character span, with the ten entity types of the original course's
résumé set (LABELS). A file holds one résumé a line in the Dataturks JSON style of the original:

    {"content": "...", "annotation": [{"label": ["Name"],
                                       "points": [{"start": 0, "end": 11, "text": "Priya Sharma"}]},
                                      ...]}

with `end` INCLUSIVE, as Dataturks wrote it: `text == content[start:end + 1]`. Each annotation has
one label and one point, spans are in reading order and never overlap. As in the original's
data, a small share of spans (WHITESPACE_SPAN_SHARE) take in one whitespace character next to
them ("Skills" spans such as "Python\n"), which the original's cleaning step (trimming whitespace
from spans) exists for. An entity written several times (a company in the summary and in the
work history) is labelled each time: the build checks, for every span, that each other
occurrence of its text in the résumé (whole words, any case) lies inside a span too.

Held out: the validation and test résumés draw their Faker values with other seeds than the
training ones and redraw a name, e-mail, company, city or college that a training résumé has
(up to REDRAWS times); a fifth of the project's skills, degrees and job titles (HELD_OUT_EVERY)
appear only in validation and test résumés.

The same build trains the WordPiece tokenizer `ner/tokenizer.json` on the training résumés and
the training stories of the `qa` set (see `train_tokenizer`).
"""

import json
import random
import re

FILES = ["ner/train.jsonl", "ner/validation.jsonl", "ner/test.jsonl", "ner/tokenizer.json"]
CHEAP = False            # needs Faker, which the learner's install does not have
SEED = 0
SIZES = {"train": 400, "validation": 80, "test": 120}
LABELS = ("Name", "Email Address", "Location", "Companies worked at", "Designation", "Degree",
          "College Name", "Graduation Year", "Skills", "Years of Experience")
LOCALES = {"en_IN": 4, "en_US": 4, "en_GB": 2}          # weights: the original's résumés were Indian
PRESENT = 2025            # the year the résumés are written in (fixed: a rebuild never reads the clock)
WHITESPACE_SPAN_SHARE = 0.03
HELD_OUT_EVERY = 5        # every 5th item of the project's lists appears in validation and test only
HELD_OUT_SHARE = 0.3      # the chance that a validation or test résumé draws from the held-out items
REDRAWS = 20
MIN_WORDS, MAX_WORDS = 80, 220

# The tokenizer: a vocabulary of VOCAB_SIZE WordPiece tokens, lower-cased, BERT's special tokens.
VOCAB_SIZE = 4000
SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")

SKILLS = (
    "Python", "Java", "JavaScript", "TypeScript", "SQL", "MySQL", "PostgreSQL", "MongoDB", "Oracle Database",
    "C++", "C#", "Golang", "Kotlin", "Swift", "PHP", "Ruby on Rails", "HTML5", "CSS", "React", "Angular",
    "Vue.js", "Node.js", "Django", "Flask", "Spring Boot", ".NET", "REST APIs", "GraphQL", "Git", "Docker",
    "Kubernetes", "Jenkins", "Terraform", "Ansible", "Linux", "Shell Scripting", "AWS", "Microsoft Azure",
    "Google Cloud", "Hadoop", "Apache Spark", "Kafka", "Airflow", "Tableau", "Power BI", "MS Excel", "VBA",
    "SAS", "SPSS", "MATLAB", "Pandas", "NumPy", "scikit-learn", "TensorFlow", "PyTorch", "Machine Learning",
    "Deep Learning", "Natural Language Processing", "Computer Vision", "Data Analysis", "Data Visualization",
    "Statistical Modelling", "A/B Testing", "ETL", "Data Warehousing", "Selenium", "JUnit", "Manual Testing",
    "Test Automation", "Agile", "Scrum", "JIRA", "Confluence", "SAP FICO", "SAP MM", "Salesforce",
    "ServiceNow", "Tally ERP", "QuickBooks", "AutoCAD", "SolidWorks", "CATIA", "ANSYS", "PLC Programming",
    "SCADA", "Embedded C", "Verilog", "VLSI Design", "Cisco Routing", "Firewall Configuration",
    "Network Security", "Penetration Testing", "Active Directory", "Windows Server", "VMware",
    "Project Management", "Stakeholder Management", "Risk Assessment", "Budgeting", "Financial Modelling",
    "Bookkeeping", "Internal Audit", "GST Filing", "Payroll Processing", "Talent Acquisition",
    "Employee Relations", "Customer Service", "B2B Sales", "Negotiation", "Digital Marketing", "SEO",
    "Content Writing", "Social Media Marketing", "Google Analytics", "Adobe Photoshop", "Adobe Illustrator",
    "Figma", "UI Design", "Public Speaking", "Team Leadership", "Supply Chain Management",
    "Inventory Control", "Six Sigma", "Lean Manufacturing", "Quality Assurance", "Technical Support",
    "Troubleshooting", "Microsoft Dynamics", "Oracle EBS", "Informatica", "Snowflake", "Databricks",
    "Power Automate", "UiPath", "Unity", "Android Development", "iOS Development", "Flutter", "Redis",
    "Elasticsearch", "Nginx", "Bash", "Perl", "Scala", "Haskell", "Fortran", "COBOL", "LabVIEW",
    "Simulink", "Revit", "STAAD Pro", "Primavera", "MS Project", "Zoho CRM", "HubSpot", "Canva",
    "Video Editing", "Copywriting", "Market Research", "Forecasting", "Credit Analysis", "Equity Research",
)

DEGREES = (
    "B.Tech in Computer Science", "B.Tech in Electronics and Communication", "B.Tech (Mechanical)",
    "Bachelor of Engineering", "B.E. in Civil Engineering", "B.E. Electrical Engineering",
    "Bachelor of Science in Computer Science", "B.Sc. Physics", "B.Sc in Mathematics", "B.Sc. Chemistry",
    "Bachelor of Commerce", "B.Com", "B.Com (Honours)", "Bachelor of Arts in Economics", "BA English",
    "Bachelor of Business Administration", "BBA", "Bachelor of Computer Applications", "BCA",
    "M.Tech in Software Engineering", "M.Tech (Power Systems)", "Master of Engineering",
    "M.Sc. Data Science", "M.Sc in Biotechnology", "Master of Science in Information Systems",
    "Master of Computer Applications", "MCA", "MBA", "MBA in Finance", "MBA (Marketing)",
    "Master of Business Administration", "PGDM", "Post Graduate Diploma in Management", "M.Com",
    "MA Sociology", "Ph.D. in Chemistry", "PhD Electrical Engineering", "Diploma in Mechanical Engineering",
    "Diploma in Computer Engineering", "BSc (Hons) Accounting and Finance", "MSc Economics",
    "BEng Aerospace Engineering", "Bachelor of Pharmacy", "B.Arch", "LLB", "Chartered Accountant",
    "Higher National Diploma in Business", "Associate of Applied Science",
)

# The project's own job titles; Faker's (filtered) are added to them at build time.
TITLES = (
    "Software Engineer", "Senior Software Engineer", "Software Developer", "Java Developer",
    "Python Developer", "Full Stack Developer", "Front End Developer", "Data Analyst", "Data Scientist",
    "Data Engineer", "Business Analyst", "Systems Analyst", "QA Engineer", "Test Lead", "DevOps Engineer",
    "Cloud Architect", "Solution Architect", "Technical Lead", "Team Lead", "Project Manager",
    "Program Manager", "Product Manager", "Scrum Master", "Network Engineer", "System Administrator",
    "Database Administrator", "Security Analyst", "Support Engineer", "Application Development Associate",
    "Associate Consultant", "Senior Consultant", "Operations Executive", "Sales Executive",
    "Marketing Manager", "HR Executive", "Recruiter", "Accountant", "Senior Accountant",
    "Finance Manager", "Process Associate", "Customer Support Executive", "Mechanical Engineer",
    "Design Engineer", "Site Engineer", "Electrical Engineer", "Production Engineer",
    "Quality Engineer", "Maintenance Engineer", "Graphic Designer", "Content Writer",
    "Digital Marketing Executive", "Branch Manager", "Relationship Manager", "Store Manager",
    "Intern", "Trainee Engineer", "Graduate Engineer Trainee", "Research Assistant", "Lecturer",
    "Assistant Professor", "Machine Learning Engineer", "Android Developer", "UI/UX Designer",
)

COLLEGE_PATTERNS = (
    "{city} Institute of Technology", "University of {city}", "{city} University", "{last} College",
    "{last} College of Engineering", "{city} College of Arts and Science", "Government Polytechnic, {city}",
    "{last} Institute of Management", "St. {first}'s College", "{city} School of Business",
    "{last} University", "{city} Technical University", "National Institute of Technology, {city}",
    "{last} Memorial College", "{city} Institute of Engineering and Technology", "{last} Business School",
    "{city} Metropolitan University", "Government Engineering College, {city}",
    "{last} Institute of Science", "{city} Women's College", "{last} and {last2} College",
)

HEADINGS = {
    "summary": ("Summary", "Profile", "Professional Summary", "Career Objective", "Objective", "About Me"),
    "experience": ("Work Experience", "Experience", "Professional Experience", "Employment History",
                   "Work History", "Career History"),
    "education": ("Education", "Educational Qualifications", "Academic Qualifications", "Qualifications",
                  "Education Details"),
    "skills": ("Skills", "Technical Skills", "Key Skills", "Core Competencies", "Skill Set",
               "Areas of Expertise"),
}
BULLETS = ("•", "-", "*", "–", "·", "o", "➢", "❖", "▪", "►", "")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve")

# Work done: {Skill}, {Location} are labelled where they are filled in; {n}, {p}, {y} are not.
DUTIES = (
    "Used {Skill1} and {Skill2} in day-to-day work.",
    "Applied {Skill1} on three client projects.",
    "Led a team of {n} people across two sites.",
    "Cut processing time by {p}% by automating manual steps.",
    "Handled client escalations and weekly status meetings.",
    "Trained new joiners on {Skill1}.",
    "Brought {Skill1} into the team's way of working.",
    "Worked with vendors in {Location1} and {Location2}.",
    "Prepared monthly reviews for the leadership team.",
    "Received the best performer award in {y}.",
    "Wrote unit tests and documentation for new features.",
    "Coordinated with teams in {Location1} on a {n}-month rollout.",
    "Improved customer satisfaction scores by {p}%.",
    "Set up {Skill1} for {n} internal teams.",
    "Reviewed code and mentored {n} junior colleagues.",
    "Owned the release calendar and the change process.",
    "Reduced monthly costs by {p}% using {Skill1}.",
    "Took part in requirement gathering with business users.",
)
SUMMARIES = (
    "{Designation} with {YoE} of experience in {Skill1}, {Skill2} and {Skill3}.",
    "Seeking a challenging role where I can use my knowledge of {Skill1} and {Skill2}.",
    "{YoE} of experience as a {Designation}, currently working with {Company}.",
    "To work for an organisation that gives me the chance to grow my skills in {Skill1}.",
    "Hard-working graduate of {College}, looking for a role in a growing company.",
    "Result-oriented professional with {YoE} of work experience, skilled in {Skill1} and {Skill2}.",
    "Currently a {Designation} at {Company}, {Location}. Total experience of {YoE}.",
)
EXTRAS = (
    "Languages: English, Hindi, {language}", "Languages known - English and {language}",
    "Hobbies: reading, chess, trekking", "Interests: cricket, music and travel",
    "Declaration: I hereby declare that the above information is true to the best of my knowledge.",
    "References available on request.", "Date of birth: {dob}", "Nationality: {nationality}",
    "Certifications: First Aid at Work; Fire Safety Warden", "Passport: available",
)
LANGUAGES = ("Tamil", "Telugu", "Marathi", "Bengali", "French", "German", "Spanish", "Kannada", "Gujarati")

_LABEL_OF = {"Name": "Name", "Email": "Email Address", "Location": "Location",
             "Company": "Companies worked at", "Designation": "Designation", "Degree": "Degree",
             "College": "College Name", "Year": "Graduation Year", "Skill": "Skills",
             "YoE": "Years of Experience"}
_FURTHER_DEGREE = r"M|Master|Ph|PGDM|Post Graduate|Chartered"       # a second, later degree
_SLOT = re.compile(r"\{([A-Za-z]+)(\d*)\}")


class _Writer:
    """Text written piece by piece, with the spans of the labelled pieces (end exclusive)."""

    def __init__(self):
        self.pieces, self.length, self.spans = [], 0, []

    def write(self, text):
        self.pieces.append(text)
        self.length += len(text)

    def entity(self, text, label):
        self.spans.append((self.length, self.length + len(text), label))
        self.write(text)

    def fill(self, template, values):
        """Write a template; a slot whose name (less a digit) is in _LABEL_OF is a labelled entity."""
        position = 0
        for match in _SLOT.finditer(template):
            self.write(template[position:match.start()])
            key = match.group(1) + match.group(2)
            label = _LABEL_OF.get(match.group(1))
            value = values[key]
            if label:
                self.entity(value, label)
            else:
                self.write(str(value))
            position = match.end()
        self.write(template[position:])

    def text(self):
        return "".join(self.pieces)


def _held_out(items):
    """(shared, held out): every HELD_OUT_EVERY-th item of a list is kept for validation and test."""
    shared = tuple(x for k, x in enumerate(items) if k % HELD_OUT_EVERY != HELD_OUT_EVERY // 2)
    return shared, tuple(x for k, x in enumerate(items) if k % HELD_OUT_EVERY == HELD_OUT_EVERY // 2)


def faker_titles():
    """Faker's en_US job titles that are plain words ("Actuary", "Air traffic controller")."""
    from faker.providers.job.en_US import Provider

    return tuple(sorted(job for job in Provider.jobs if re.fullmatch(r"[A-Za-z ]+", job)))


class _Drawer:
    """Draws the values of one split's résumés: Faker instances per locale and the project's lists."""

    def __init__(self, split, seed, seen):
        from faker import Faker

        self.split, self.seen = split, seen
        self.rng = random.Random(f"ner {split} {seed}")
        self.fakers = {}
        for k, locale in enumerate(LOCALES):
            fake = Faker(locale)
            fake.seed_instance(f"ner {split} {seed} {k}")
            self.fakers[locale] = fake
        self.pools = {}
        further = [d for d in DEGREES if re.match(_FURTHER_DEGREE, d)]
        first = [d for d in DEGREES if d not in further]
        for name, items in (("skills", SKILLS), ("first_degrees", first), ("further_degrees", further),
                            ("titles", TITLES), ("faker_titles", faker_titles())):
            shared, held_out = _held_out(items)
            self.pools[name] = (shared, held_out)

    def pick(self, pool):
        shared, held_out = self.pools[pool]
        if self.split != "train" and self.rng.random() < HELD_OUT_SHARE:
            return self.rng.choice(held_out)
        return self.rng.choice(shared)

    def unseen(self, label, draw):
        """A value drawn by `draw()`; outside training, one a training résumé has is redrawn."""
        value = draw()
        for _ in range(REDRAWS):
            if self.split == "train" or value.lower() not in self.seen.get(label, ()):
                break
            value = draw()
        return value


def _case(rng, text, upper=0.1, lower=0.05):
    r = rng.random()
    return text.upper() if r < upper else text.lower() if r < upper + lower else text


def _email(rng, first, last, fake):
    first, last = re.sub(r"[^a-z]", "", first.lower()), re.sub(r"[^a-z]", "", last.lower())
    number = str(rng.randint(1, 99)) if rng.random() < 0.5 else ""
    local = rng.choice((f"{first}.{last}", f"{first[0]}{last}{number}", f"{first}{last}{number}",
                        f"{first}_{last}", f"{last}.{first}{number}", f"{first}{number}"))
    domain = fake.free_email_domain() if rng.random() < 0.8 else fake.domain_name()
    return f"{local}@{domain}"


def _years_of_experience(rng, years):
    form = rng.random()
    if form < 0.35:
        return f"{years} years" if years != 1 else "1 year"
    if form < 0.55:
        return f"{years}+ years"
    if form < 0.65:
        return f"{years} yrs"
    if form < 0.75:
        return f"{years}.{rng.randint(1, 9)} years"
    if form < 0.85 and years <= len(NUMBER_WORDS):
        return f"{NUMBER_WORDS[years - 1]} years"
    return f"{years} years and {rng.randint(1, 11)} months"


def _period(rng, start, stop):
    """Unlabelled work dates: "March 2016 - June 2019", "2016 to Present", "03/2016 - 06/2019" ..."""
    m1, m2 = MONTHS[rng.randrange(12)], MONTHS[rng.randrange(12)]
    style = rng.randrange(5)
    if style == 0:
        begin, end, dash = f"{m1} {start}", f"{m2} {stop}", " to "
    elif style == 1:
        begin, end, dash = f"{m1[:3]} {start}", f"{m2[:3]} {stop}", " - "
    elif style == 2:
        begin, end, dash = f"{MONTHS.index(m1) + 1:02d}/{start}", f"{MONTHS.index(m2) + 1:02d}/{stop}", " – "
    else:
        begin, end, dash = str(start), str(stop), (" - ", "-")[style - 3]
    return begin + dash + ("Present" if stop is None else end)


def _heading(rng, section, style):
    text = rng.choice(HEADINGS[section])
    text = text.upper() if style == 0 else text.lower() if style == 1 else text
    return text + (":" if rng.random() < 0.3 else "")


def draw_resume(drawer):
    """One résumé: (content, [(start, end exclusive, label), ...])."""
    rng = drawer.rng
    locale = rng.choices(list(LOCALES), weights=list(LOCALES.values()))[0]
    fake = drawer.fakers[locale]
    first, last = drawer.unseen("Name", lambda: f"{fake.first_name()} {fake.last_name()}").split(" ", 1)
    name = f"{first} {last}"
    if rng.random() < 0.1:
        name = f"{first} {rng.choice('ABCDEGHJKLMNPRSTV')}. {last}"
    name = _case(rng, name, upper=0.2, lower=0.05)
    email = drawer.unseen("Email Address", lambda: _email(rng, first, last, fake))
    city = drawer.unseen("Location", fake.city)
    location = city if rng.random() < 0.5 else f"{city}, {fake.administrative_unit()}"

    graduation = rng.randint(1998, 2022)
    degrees = [(drawer.pick("first_degrees"), graduation)]
    if rng.random() < 0.3 and graduation <= 2020:
        graduation = graduation + rng.randint(2, 3)
        degrees.append((drawer.pick("further_degrees"), graduation))

    def college():
        pattern = rng.choice(COLLEGE_PATTERNS)
        return pattern.format(city=fake.city(), last=fake.last_name(), last2=fake.last_name(),
                              first=fake.first_name_male())

    colleges = [drawer.unseen("College Name", college) for _ in degrees]

    # One to three jobs from graduation (or a year later) on, newest last (graduation <= 2022 < PRESENT).
    start, jobs = graduation + rng.randint(0, 1), []
    while start < PRESENT and len(jobs) < 3:
        stop = start + rng.randint(1, 6)
        last = len(jobs) == 2 and rng.random() < 0.7
        stop = None if stop >= PRESENT or last or rng.random() < 0.15 else stop
        title = drawer.pick("titles") if rng.random() < 0.6 else drawer.pick("faker_titles")
        company = drawer.unseen("Companies worked at", fake.company)
        job_city = drawer.unseen("Location", fake.city) if rng.random() < 0.5 else None
        jobs.append((_case(rng, title, upper=0.1, lower=0.1), company, job_city, start, stop))
        if stop is None:
            break
        start = stop + rng.randint(0, 1)
    years = max(1, (jobs[-1][4] or PRESENT) - jobs[0][3])
    n_skills = rng.randint(3, 7)
    skills = []
    while len(skills) < n_skills:
        skill = drawer.pick("skills")
        if skill not in skills:
            skills.append(skill)
    skills_case = rng.random()
    if skills_case < 0.1:
        skills = [s.upper() for s in skills]
    elif skills_case < 0.15:
        skills = [s.lower() for s in skills]

    bullet = rng.choice(BULLETS)
    heading_style = rng.randrange(3)
    w = _Writer()

    def gap():
        w.write(rng.choice(("\n", "\n\n", "\n\n", "\n\n\n", "\n \n", " \n\n")))

    def item(template, values):
        w.write(f"{bullet} " if bullet else "")
        w.fill(template, values)
        w.write(rng.choice(("\n", "\n", "\n", " \n", "\n\n")))

    def skill_values(k):
        return {f"Skill{j + 1}": s for j, s in enumerate(rng.sample(skills, min(k, len(skills))))}

    current = {"Designation": jobs[-1][0], "Company": jobs[-1][1]}
    header = rng.randrange(4)
    values = {"Name": name, "Email": email, "Location": location, "phone": fake.phone_number(), **current}
    if header == 0:
        w.fill("{Name}\n{Designation} - {Company}\n\n{Location}\n", values)
        w.fill(rng.choice(("Email: {Email}\n", "E-mail - {Email}\n", "{Email}\n", "Email me at {Email}\n")),
               values)
    elif header == 1:
        w.fill(rng.choice(("{Name}\n{Email} | {phone} | {Location}\n",
                           "{Name}\n{Location} · {Email} · {phone}\n")), values)
    elif header == 2:
        w.fill("Name: {Name}\nEmail ID: {Email}\nMobile: {phone}\nAddress: {Location}\n", values)
    else:
        w.fill("{Name}\n{Location}\n", values)
        if rng.random() < 0.7:
            w.fill("{Email}\n", values)
    if rng.random() < 0.3:
        w.fill(rng.choice(("Total experience: {YoE}\n", "Experience - {YoE}\n", "{YoE} of experience\n")),
               {"YoE": _years_of_experience(rng, years)})

    sections = []
    if rng.random() < 0.75:
        sections.append("summary")
    if rng.random() < 0.9:
        sections.append("experience")
    if rng.random() < 0.85:
        sections.append("education")
    if rng.random() < 0.85:
        sections.append("skills")
    body = [s for s in sections if s != "summary"]
    rng.shuffle(body)
    sections = (["summary"] if "summary" in sections else []) + body
    if rng.random() < 0.5:
        sections.append("extras")

    for section in sections:
        gap()
        if section != "extras":
            w.write(_heading(rng, section, heading_style))
            gap()
        if section == "summary":
            values = {**skill_values(3), **current, "College": colleges[0], "Location": location,
                      "YoE": _years_of_experience(rng, years)}
            still_there = jobs[-1][4] is None
            w.fill(rng.choice([t for t in SUMMARIES if still_there or "urrently" not in t]), values)
            w.write("\n")
        elif section == "experience":
            layout = rng.randrange(4)
            for title, company, job_city, begin, stop in reversed(jobs):
                values = {"Designation": title, "Company": company, "period": _period(rng, begin, stop),
                          "Location": job_city or ""}
                where = (" - {Location}", ", {Location}") if job_city else ("", "")
                if layout == 0:
                    w.fill("{Designation}\n{Company}" + where[0] + "\n{period}\n", values)
                elif layout == 1:
                    w.fill("{Designation} at {Company}" + where[1] + " ({period})\n", values)
                elif layout == 2:
                    w.fill("{Company} | {Designation} | {period}\n", values)
                else:
                    w.fill("{period}: {Designation}, {Company}\n", values)
                for duty in rng.sample(DUTIES, rng.randint(0, 2)):
                    if "{Skill2}" in duty and len(skills) < 2:
                        continue
                    item(duty, {**skill_values(2), "n": rng.randint(2, 12), "p": rng.randint(5, 40),
                                "y": rng.randint(begin, stop or PRESENT),
                                "Location1": drawer.unseen("Location", fake.city),
                                "Location2": drawer.unseen("Location", fake.city)})
        elif section == "education":
            layout = rng.randrange(6)
            for (degree, year), school in zip(reversed(degrees), reversed(colleges)):
                values = {"Degree": _case(rng, degree, upper=0.1, lower=0.0), "College": school,
                          "Year": str(year), "begin": year - rng.choice((2, 3, 4)),
                          "Location": drawer.unseen("Location", fake.city)}
                template = ("{Degree}\n{College}, {Location}\n{begin} - {Year}\n",
                            "{Degree} from {College} ({Year})\n", "{Degree} | {College} | {Year}\n",
                            "{Year}: {Degree}, {College}\n", "{Degree}, {College}, {begin}-{Year}\n",
                            "{College}\n{Degree}, graduated {Year}\n")[layout]
                if bullet and layout in (1, 2, 4):
                    item(template.rstrip("\n"), values)
                else:
                    w.fill(template, values)
                if rng.random() < 0.2:
                    w.write(rng.choice((f"CGPA: {rng.randint(60, 95) / 10}/10\n",
                                        f"Percentage: {rng.randint(55, 92)}%\n")))
        elif section == "skills":
            layout = rng.randrange(4)
            values = {f"Skill{j + 1}": s for j, s in enumerate(skills)}
            slots = [f"{{Skill{j + 1}}}" for j in range(len(skills))]
            if layout == 0:
                w.fill(", ".join(slots) + "\n", values)
            elif layout == 1:
                for slot in slots:
                    item(slot, values)
            elif layout == 2:
                w.fill(" | ".join(slots) + "\n", values)
            else:
                w.fill("Proficient in " + ", ".join(slots[:-1]) + " and " + slots[-1] + ".\n", values)
        else:
            for extra in rng.sample(EXTRAS, rng.randint(1, 3)):
                w.fill(extra, {"language": rng.choice(LANGUAGES),
                               "nationality": rng.choice(("Indian", "British", "American")),
                               "dob": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{graduation - 21}"})
                w.write("\n")
    if rng.random() < 0.3:
        w.write(rng.choice((" ", "\n", "  \n")))
    return w.text(), w.spans


def _widen(rng, content, spans):
    """Take one neighbouring whitespace character into a few spans, as in the original's data."""
    taken = set()
    for start, end, _ in spans:
        taken.update(range(start, end))
    widened = []
    for start, end, label in spans:
        if rng.random() < WHITESPACE_SPAN_SHARE:
            if end < len(content) and content[end].isspace() and end not in taken:
                taken.add(end)
                end += 1
            elif start > 0 and content[start - 1].isspace() and start - 1 not in taken:
                taken.add(start - 1)
                start -= 1
        widened.append((start, end, label))
    return widened


def unlabelled_repeat(content, spans):
    """The first span whose text also occurs (whole words, any case) outside every span, or None."""
    covered = set()
    for start, end, _ in spans:
        covered.update(range(start, end))
    for start, end, label in spans:
        text = content[start:end].strip()
        if label in ("Graduation Year", "Years of Experience") or not text:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)", re.IGNORECASE)
        for match in pattern.finditer(content):
            if not set(range(match.start(), match.end())) <= covered:
                return (start, end, label, text, match.start())
    return None


def draw_split(split, count, seed, seen):
    """`count` résumés of one split, as (content, spans end-exclusive); updates `seen` for training."""
    drawer = _Drawer(split, seed, seen)
    resumes, redrawn = [], 0
    while len(resumes) < count:
        content, spans = draw_resume(drawer)
        words = len(content.split())
        if not MIN_WORDS <= words <= MAX_WORDS or unlabelled_repeat(content, spans):
            redrawn += 1
            continue
        spans = _widen(drawer.rng, content, spans)
        resumes.append((content, spans))
        if split == "train":
            for start, end, label in spans:
                text = content[start:end].strip().lower()
                seen.setdefault(label, set()).update({text, text.split(",")[0]})
    return resumes, redrawn


def draw(seed=SEED, sizes=None):
    """{split: [(content, spans), ...]} with spans (start, end exclusive, label)."""
    sizes = sizes or SIZES
    seen, splits = {}, {}
    for split in ("train", "validation", "test"):
        splits[split], _ = draw_split(split, sizes[split], seed, seen)
    contents = [{content for content, _ in resumes} for resumes in splits.values()]
    assert sum(map(len, contents)) == len(set().union(*contents)), "a résumé occurs twice"
    return splits


def to_dataturks(content, spans):
    """One résumé as a Dataturks-style dict (`end` inclusive)."""
    return {"content": content,
            "annotation": [{"label": [label], "points": [{"start": start, "end": end - 1,
                                                          "text": content[start:end]}]}
                           for start, end, label in sorted(spans)]}


def to_jsonl(resumes):
    return "".join(json.dumps(to_dataturks(content, spans), ensure_ascii=False, separators=(",", ":")) + "\n"
                   for content, spans in resumes)


def make_tokenizer(vocab):
    """A BERT-style WordPiece `tokenizers.Tokenizer` with a given vocabulary {token: id}."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    tokenizer = Tokenizer(models.WordPiece(vocab=vocab, unk_token="[UNK]", max_input_chars_per_word=100))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=True, clean_text=True,
                                                      handle_chinese_chars=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A:0 [SEP]:0 $B:1 [SEP]:1",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])])
    tokenizer.decoder = decoders.WordPiece(prefix="##")
    return tokenizer


def learn_vocabulary(texts, vocab_size=VOCAB_SIZE):
    """A WordPiece vocabulary learnt from `texts`, deterministically.

    The algorithm of `tokenizers.trainers.WordPieceTrainer` (byte-pair merges over the words of
    the normalised, pre-tokenized texts; a piece inside a word carries the prefix "##"): start from
    the characters, then merge the most frequent pair of adjacent pieces, again and again, until
    the vocabulary has `vocab_size` tokens. The library's trainer is not deterministic (its word
    counts live in a hash map whose order changes from run to run, and it breaks ties between
    equally frequent pairs in that order), so the merges are made here, ties broken by the
    pieces' text. Every printable ASCII character is in the vocabulary both ways ("q", "##q"),
    so that a word unseen in training never becomes [UNK] for want of a letter.

    Returns {token: id}: the SPECIAL_TOKENS (ids 0-4), then the characters, then the merges in
    the order they were made.
    """
    import heapq
    from collections import Counter

    tokenizer = make_tokenizer({token: k for k, token in enumerate(SPECIAL_TOKENS)})
    counts = Counter()
    for text in texts:
        normalised = tokenizer.normalizer.normalize_str(text)
        counts.update(word for word, _ in tokenizer.pre_tokenizer.pre_tokenize_str(normalised))
    words = sorted(counts)
    pieces = [[w[0]] + ["##" + ch for ch in w[1:]] for w in words]
    alphabet = {p for word in pieces for p in word}
    printable = [chr(c) for c in range(33, 127) if not chr(c).isupper()]
    alphabet |= set(printable) | {"##" + ch for ch in printable}
    vocab = {token: k for k, token in enumerate(SPECIAL_TOKENS)}
    for token in sorted(alphabet):
        vocab[token] = len(vocab)

    pair_counts, where = Counter(), {}
    for k, word in enumerate(pieces):
        for pair in zip(word, word[1:]):
            pair_counts[pair] += counts[words[k]]
            where.setdefault(pair, set()).add(k)
    heap = [(-c, pair) for pair, c in pair_counts.items()]
    heapq.heapify(heap)
    while len(vocab) < vocab_size and heap:
        negative, pair = heapq.heappop(heap)
        if pair_counts.get(pair, 0) != -negative or -negative == 0:
            continue                                    # a stale entry: the count has changed since
        a, b = pair
        merged = a + b[2:]                              # "##" + "a" ... "##ab"; "t" + "##he" -> "the"
        if merged not in vocab:
            vocab[merged] = len(vocab)
        changed = set()
        for k in sorted(where.pop(pair, ())):
            word, count = pieces[k], counts[words[k]]
            new, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and (word[i], word[i + 1]) == pair:
                    new.append(merged)
                    i += 2
                else:
                    new.append(word[i])
                    i += 1
            if new == word:
                continue
            for old in zip(word, word[1:]):
                pair_counts[old] -= count
                changed.add(old)
            for fresh in zip(new, new[1:]):
                pair_counts[fresh] += count
                where.setdefault(fresh, set()).add(k)
                changed.add(fresh)
            pieces[k] = new
        pair_counts.pop(pair, None)
        for p in sorted(changed - {pair}):
            if pair_counts[p] > 0:
                heapq.heappush(heap, (-pair_counts[p], p))
    return vocab


def tokenizer_corpus(train_resumes, qa_train):
    """The texts the tokenizer learns from: the training résumés, the qa training stories and questions."""
    return [content for content, _ in train_resumes] + \
        [f"{example['context']} {example['question']}" for example in qa_train]


def train_tokenizer(texts, vocab_size=VOCAB_SIZE):
    """The project's WordPiece tokenizer, learnt from `texts` (see learn_vocabulary)."""
    return make_tokenizer(learn_vocabulary(texts, vocab_size))


def build(out_dir, seed=SEED):
    from utils.datagen import qa

    (out_dir / "ner").mkdir(parents=True, exist_ok=True)
    splits = draw(seed)
    for split, resumes in splits.items():
        (out_dir / f"ner/{split}.jsonl").write_text(to_jsonl(resumes), encoding="utf-8")
    corpus = tokenizer_corpus(splits["train"], qa.draw(qa.SEED)["train"])
    (out_dir / "ner/tokenizer.json").write_text(train_tokenizer(corpus).to_str(pretty=True) + "\n",
                                                encoding="utf-8")
