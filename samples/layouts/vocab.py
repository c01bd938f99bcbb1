"""Word pools for the randomised layouts: header synonyms per field, status words, extras.

Header wording is drawn from long lists on purpose: some words are ones the
interpreter's vocabulary knows, others (``TASK NAME``, ``How we will know``,
``Progress so far``, ``Stage``) are ones no rule was written for. Every
council, action and update here is invented for plantables.
"""

from __future__ import annotations

#: header wording per field, as printed
HEADERS: dict[str, tuple[str, ...]] = {
    "ref": ("Ref", "Ref.", "No.", "ID", "Action No.", "#", "Item", "Action ref", "Task ID", "Ref No"),
    "title": ("Action", "Actions", "Key actions", "TASK NAME", "What we will do", "Activity",
              "Action required", "Deliverable", "Task", "What?", "Key tasks", "Description of action"),
    "lead": ("Lead", "Lead officer", "Responsible officer", "Owner", "Who?", "Accountable lead",
             "Responsibility", "Action owner", "By whom", "Lead Officer / Team"),
    "timeframe": ("Target date", "Timeline", "Deadline", "By when", "Due date", "Timescale",
                  "Completion date", "When?", "Milestone", "Target completion", "Date due"),
    "measures": ("Success measure", "Measure of success", "How we will know", "Outcome measure",
                 "Success criteria", "Evidence of impact", "KPI", "What success looks like",
                 "Measures"),
    "update": ("Progress update", "Latest update", "Progress so far", "Progress", "Update",
               "Commentary", "Position at Q2", "Current position", "Progress to date"),
    "status": ("Status", "RAG status", "RAG", "Stage", "Current status", "Progress rating",
               "Overall status", "Rating", "BRAG"),
    "objective": ("Objective", "Priority outcome", "Desired outcome", "Aim", "Goal", "Outcome sought"),
}
#: extra columns no field takes: their text must land in ``other_columns``
EXTRA_HEADERS = ("Resources", "Risk Description", "Dependencies", "Budget implications",
                 "Partners involved", "Funding source", "Linked strategy", "Equality impact")
EXTRA_TEXT: dict[str, tuple[str, ...]] = {
    "Resources": ("Within existing budget", "0.5 FTE project officer", "£25k one-off from reserves",
                  "Staff time only", "External consultant, 20 days"),
    "Risk Description": ("Capacity in the team may delay delivery", "Supplier may not meet the timetable",
                         "Partners do not share data in time", "Budget pressures reduce the scope"),
    "Dependencies": ("New case management system", "Partnership board sign off", "Recruitment to vacant posts",
                     "Completion of the housing needs survey"),
    "Budget implications": ("None", "£40,000 capital", "Met from the transformation fund", "To be confirmed"),
    "Partners involved": ("Police and health", "Voluntary sector forum", "Schools and colleges",
                          "Housing associations"),
    "Funding source": ("Revenue budget", "Government grant", "Section 106 contributions", "Reserves"),
    "Linked strategy": ("Corporate Plan 2024-28", "Homelessness Strategy", "Climate Emergency Plan",
                        "Workforce Strategy"),
    "Equality impact": ("Positive for older residents", "Neutral", "Assessment completed in June",
                        "Screening required"),
}

#: words of a status column, with their canonical value
STATUS_WORDS = (
    ("Complete", "complete"), ("Completed", "complete"), ("On track", "on_track"),
    ("In progress", "in_progress"), ("Not started", "not_started"), ("Behind", "behind"),
    ("Delayed", "behind"), ("Ongoing", "ongoing"),
)
RAG_OF_STATUS = {"complete": "blue", "on_track": "green", "in_progress": "green", "ongoing": "green",
                 "not_started": "amber", "behind": "red"}
#: updates whose prose says the status without a leading phrase: (phrase, canonical, the rest)
PROSE_STATUS = (
    ("Not yet progressed", "not_started", " as the service review has taken priority."),
    ("In planning stage", "not_started", ", with a project brief going to the board next month."),
    ("Planned for October", "not_started", " once the new team is in post."),
    ("The new process is now in place", "complete", " and staff have been briefed."),
    ("Work is under way", "in_progress", " and the first phase is nearly finished."),
    ("This has been completed", "complete", " and signed off by the portfolio holder."),
)
#: the RAG fills (one per rating; a plan picks one shade of each)
RAG_FILLS = {
    "green": ("#00B050", "#92D050", "#70AD47"),
    "amber": ("#FFC000", "#FFBF00", "#FFD966"),
    "red": ("#FF0000", "#E06666", "#C00000"),
    "blue": ("#00B0F0", "#5B9BD5"),
}
RAG_LETTER = {"green": "G", "amber": "A", "red": "R", "blue": "B"}
RAG_WORD = {"green": "Green", "amber": "Amber", "red": "Red", "blue": "Blue"}

BAND_FILLS = ("#F2F2F2", "#EAF1FB", "#F3F3E9", "#EDEDED")
MARK_FILLS = ("#4472C4", "#8EAADB", "#A6A6A6", "#70AD47", "#2E75B6")
HEADER_FILLS = (None, "#D9D9D9", "#DEEAF6", "#1F3864", "#E2EFD9")

PLACES = ("Ashcombe", "Brindle Vale", "Corrowby", "Dunmere", "Elderford", "Fallowfield", "Greyhaven",
          "Hollin Bridge", "Ivybury", "Juniper Cross", "Kestrel Moor", "Larkspur", "Mellowdale",
          "Northwick Fen", "Oakhurst", "Pennant Bay", "Quarry Hill", "Rushmere", "Saltcote", "Thornbury Vale")
COUNCIL_KINDS = ("Borough Council", "District Council", "City Council", "County Council", "Council")
PLAN_NAMES = ("Improvement Plan", "Delivery Plan", "Action Plan", "Service Plan", "Recovery Plan",
              "Corporate Plan Action Tracker", "Transformation Programme")
SECTION_TITLES = (
    "Safer neighbourhoods", "Homes for local people", "A cleaner, greener place", "Resident-focused services",
    "Thriving town centres", "Health and wellbeing", "Jobs, skills and the local economy",
    "Children and young people", "Strong governance", "Our workforce", "Digital services",
)
LEADS = (
    "Housing Manager", "Community Safety Officer", "Head of Finance", "Environmental Health Lead",
    "Customer Services Manager", "Head of Planning", "Director of Place", "Climate Officer",
    "Head of Digital", "HR Business Partner", "Chief Executive", "Head of Legal Services",
    "Head of Finance/ Head of Digital", "Director of Place and Climate Officer", "Waste Services Manager",
)
#: the roles each lead cell names, written by hand (a slash or " and " between two roles splits them)
LEAD_ROLES = {
    "Head of Finance/ Head of Digital": ("Head of Finance", "Head of Digital"),
    "Director of Place and Climate Officer": ("Director of Place", "Climate Officer"),
}
STEPS = (
    "Draft the brief and agree it with the portfolio holder", "Consult residents and partners",
    "Report findings to cabinet", "Procure a delivery partner", "Train staff in the new process",
    "Publish the results on the website", "Review after six months",
)
TEXT_TIMEFRAMES = ("Ongoing", "Throughout the plan", "To be confirmed", "Annually", "Quarterly review")
STAT_TOPICS = (("Households by tenure", ("Owner occupied", "Social rented", "Private rented", "Other")),
               ("Residents by age band", ("0-15", "16-24", "25-49", "50-64", "65 and over")),
               ("Recorded crime by type", ("Burglary", "Vehicle crime", "Criminal damage", "Violence")))
PROSE = (
    "This report sets out the latest figures for the district and how they compare with the previous year.",
    "The figures are drawn from the council's own records and from national statistics.",
    "Numbers are rounded to the nearest ten and may not sum to the totals shown.",
    "Further tables are published on the council's open data pages each quarter.",
)
