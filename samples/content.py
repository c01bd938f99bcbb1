"""Invented wording for the sample plans: councils, services, actions, measures.

Everything here is fiction written for plantables. The phrases imitate how
improvement plans are worded (imperative actions, role abbreviations, status
words at the start of updates) without copying any real plan.
"""

from __future__ import annotations

COUNCILS = {
    "A": "Westmoor Borough Council",
    "B": "Kingsbridge City Council",
    "C": "Harbourside District Council",
}

SECTIONS_A = (
    "CHILDREN IN NEED OF HELP AND PROTECTION",
    "PARTNERSHIP WORKING",
    "CHILDREN LOOKED AFTER AND CARE LEAVERS",
    "LEADERSHIP, MANAGEMENT AND GOVERNANCE",
    "WORKFORCE DEVELOPMENT",
    "EDUCATION OF CHILDREN IN CARE",
    "QUALITY ASSURANCE AND PERFORMANCE",
)

OBJECTIVES = (
    "Ensure that assessments are timely, proportionate and identify the needs and strengths of each family, leading to clear and measurable plans",
    "Ensure that decisions on contacts and referrals are made promptly and that first visits to children happen within timescales",
    "Ensure that young people who present as homeless are offered a full assessment and support that meets their needs",
    "Ensure that children who go missing from home or care are offered a timely return conversation and that what they say is used to keep them safe",
    "Ensure that the number of children at risk of exploitation is known and that safety plans are in place for each of them",
    "With partners, ensure that thresholds for help are understood and applied consistently across the partnership",
    "Work with schools and health colleagues so that children receive early help before problems escalate",
    "Ensure that plans for children in care are reviewed on time and that children take part in their reviews",
    "Ensure that care leavers are in touch with a personal adviser and live in suitable accommodation",
    "Ensure that managers provide regular, recorded supervision that challenges and supports practice",
    "Ensure that senior leaders and elected members know the quality of practice and act on what they learn",
    "Recruit and keep a stable, skilled workforce with manageable caseloads",
)

ACTION_TITLES = (
    "Assessments to be completed within 35 working days, with exceptions agreed by a manager",
    "Strategy discussions to be held within one working day of a safeguarding concern",
    "Every child's record shows the risks, needs and strengths of the family",
    "Managers to sign off assessments only when the analysis is clear",
    "Staff understand the process for strategy discussions and record their decisions",
    "Consistent application of child protection thresholds across all teams",
    "Reduce the number of assessments that end with no further service",
    "All contacts to be screened by a qualified worker within 24 hours",
    "Children in need to be visited within 5 working days of the referral decision",
    "Referrals are made for every young person who presents as homeless",
    "Young people are told about their right to an assessment and to advocacy",
    "Return conversations offered within 72 hours of a child being found",
    "Information from return conversations is collated and shared each month",
    "Develop a shared early help strategy and pathway for the borough",
    "A single front door for early help and statutory services",
    "Early help assessments reflect the right level of need",
    "Review the family support offer and publish it on the council website",
    "Introduce a quarterly audit of plans for children in care",
    "Personal advisers to be allocated before a young person's 16th birthday",
    "Refresh the supervision policy and train all team managers in its use",
    "Publish a monthly practice dashboard for senior leaders and members",
    "Launch a recruitment campaign for experienced social workers",
    "Reduce the use of agency staff in the front door teams",
    "Agree a protocol for joint visits with the police and health partners",
    "Develop a training offer on neglect for staff and partner agencies",
    "Set up a multi-agency panel to review children at risk of exploitation",
    "Introduce a practice week twice a year with observation by senior managers",
    "Improve the timeliness of initial child protection conferences",
    "Make sure every child in care has an up to date health assessment",
    "Review placement sufficiency and agree a commissioning plan",
    "Embed the new case recording templates in every team",
    "Strengthen the quality assurance framework and audit cycle",
)

HOW_STEPS = (
    "Practice standards to be revised and issued to all teams",
    "Performance reporting to show the spread of working days from referral to outcome",
    "Heads of Service to check management oversight in a monthly sample of cases",
    "Written guidance to be issued to staff and discussed in team meetings",
    "Workshops with team managers and senior practitioners to agree what good looks like",
    "Audit tool to include a section on the quality of analysis",
    "Case recording template to be updated on the electronic record",
    "Tracking meeting to be held weekly with the youth service and housing officers",
    "Contract with the commissioned provider to be reviewed and varied",
    "Monthly report to the improvement board with an exception summary",
    "Training sessions to be booked and attendance recorded",
    "Dip sample of 20 cases a month by the quality assurance team",
    "New referral form to go live for schools and health partners",
    "Joint protocol to be drafted, consulted on and signed off",
    "Findings to be shared with practitioners through practice bulletins",
    "Agree a data set with partners and publish it quarterly",
)

MEASURES = (
    "Audit evidence that plans are specific and reviewed",
    "Practice standards issued, understood and implemented",
    "Staff clear about expectations as evidenced in case file audits",
    "All front line staff have received the guidance and signed to say so",
    "Evidence of practitioner analysis from audit activity",
    "Monthly performance reports show improvement against baseline",
    "Children and families tell us they were listened to",
    "Fewer re-referrals within 12 months",
)

TARGET_FORMS = (
    # (template, direction) -- {v} is the number
    ("Target – {v}%", None),
    ("Target - {v}% of assessments completed within timescale", None),
    ("{v}% target reduction from current baseline", "reduce"),
    ("at least {v}% of children seen within timescale", "at_least"),
)

STATUS_A = (
    # (as written, canonical)
    ("COMPLETED", "complete"),
    ("COMPLTED", "complete"),
    ("Completed", "complete"),
    ("IN PROCESS", "in_progress"),
    ("IN PROGRESS", "in_progress"),
    ("ONGOING", "ongoing"),
    ("Not started", "not_started"),
)

UPDATES_A = (
    "Standards issued to all teams and discussed at the service meeting.",
    "Compliance has improved against the historical baseline but is still too variable between teams.",
    "Sessions have been booked and every auditor must sign the attendance sheet.",
    "This is now in place and well received by practitioners.",
    "New form due to go live on the case record next month.",
    "Early indicators from the thematic audit show a positive change.",
    "Awaiting sign off by the partnership board.",
)

#: updates whose prose states a status (read when the status column is empty): (status as printed, value)
UPDATES_A_STATED = {"This is now in place and well received by practitioners.": ("This is now in place", "complete")}

LEADS_A = (
    "Head of Service Assessment",
    "Head of Service Assessment/ Head of Service Family Support",
    "AD/HoS",
    "AD/Heads of Service and Lead Auditor",
    "Youth Service Manager",
    "HoS Safeguarding and QA",
    "Principal Social Worker",
    "Head of Service Early Help",
    "AD/HoS/WSCB",
)

PRIORITIES_B = (
    ("GOVERNANCE, LEADERSHIP AND MANAGEMENT",
     "The Chief Executive and the Director of Children's Services will make sure that leadership and governance in Kingsbridge are focused on improving outcomes for children and families."),
    ("EARLY HELP, AND THE FRONT DOOR",
     "Early help and front door services give timely help to families and prevent needs from escalating to statutory services."),
    ("CHILDREN IN NEED AND CHILD PROTECTION",
     "Children in need of help and protection receive assessments and plans that reduce risk and improve their lives."),
    ("CHILDREN IN CARE AND CARE EXPERIENCED YOUNG PEOPLE",
     "Children in care live in stable homes, and care experienced young people are supported into adulthood."),
)

THEMES_B = (
    "EARLY HELP", "MASH AND FRONT DOOR", "QUALITY ASSURANCE", "WORKFORCE",
    "PARTNERSHIPS", "PLACEMENTS",
)

OUTCOMES_B = (
    "Elected members are well informed about service priorities and challenges and offer political challenge and support",
    "The whole council supports children and young people by aligning resources and strategic plans",
    "Leaders and managers make clear the priorities for the service and the standards to be achieved",
    "There is an agreed understanding of each partner's role in providing early family help across the city",
    "The early help offer is visible and easy for families and partners to reach",
    "Children receive the right support at the right time from staff who feel confident",
    "The front door signposts, supports and protects children according to their level of need",
    "Management oversight is effective and evident on children's records",
    "Children in care have plans that are reviewed on time and reflect their wishes",
    "Care experienced young people live in safe and suitable homes",
)

LEADS_B = (
    "DCS", "CEx", "SD", "HoS FD", "HoS TS", "HoS QAS", "AD/HoS", "PSCP",
    "PSCP/HoS TS", "Head of Service MASH/ SA", "PMFH's", "HoS CiC", "AD Safeguarding",
)

MEASURES_B = (
    "We will see appropriate contacts and referrals into the front door",
    "Monitoring conversion rates of contacts to referrals",
    "Children will receive support earlier, reducing the need for statutory support",
    "Families know where they can get advice at a time that suits them",
    "Daily dip sampling and weekly audit",
    "Plans contain specific improvement targets for social work practice",
    "Quality assurance, dip sampling and the performance dashboard show improved consistency",
    "Target – 90% of reviews held within timescale",
    "Target - 85% of children seen within 5 working days",
)

UPDATES_B = (
    # (status prefix or None, canonical status, rest)
    ("On track", "on_track", "sessions are taking place weekly and attendance is good."),
    ("On track", "on_track", "working group set up to include young people and families."),
    ("Complete", "complete", "the revised document has been signed off by the improvement board and published."),
    ("Complete", "complete", "data shows full compliance for the last two months."),
    ("Behind", "behind", "recruitment has been slower than planned; interim cover agreed."),
    ("Not started", "not_started", "due to begin in the new year."),
    (None, "not_started", "Planned for October."),  # no phrase leads it: its prose states the status
)

LEADS_C = (
    "Housing Manager", "Community Safety Officer", "Head of Finance",
    "Environmental Health Lead", "Customer Services Manager", "Head of Planning",
    "Director of Place", "Climate Officer", "Leisure and Culture Manager",
)

#: Ground truth for every lead cell above: the roles it names, written by hand.
#: A slash or "and" between two roles separates them; inside one title it does
#: not: "HoS Safeguarding and QA", "Leisure and Culture Manager" and "Head of
#: Service MASH/ SA" (one head of service over MASH and single assessment) are
#: each ONE role, as a reader of the plan would count them.
LEAD_ROLES: dict[str, tuple[str, ...]] = {
    "Head of Service Assessment": ("Head of Service Assessment",),
    "Head of Service Assessment/ Head of Service Family Support":
        ("Head of Service Assessment", "Head of Service Family Support"),
    "AD/HoS": ("AD", "HoS"),
    "AD/Heads of Service and Lead Auditor": ("AD", "Heads of Service", "Lead Auditor"),
    "Youth Service Manager": ("Youth Service Manager",),
    "HoS Safeguarding and QA": ("HoS Safeguarding and QA",),
    "Principal Social Worker": ("Principal Social Worker",),
    "Head of Service Early Help": ("Head of Service Early Help",),
    "AD/HoS/WSCB": ("AD", "HoS", "WSCB"),
    "DCS": ("DCS",),
    "CEx": ("CEx",),
    "SD": ("SD",),
    "HoS FD": ("HoS FD",),
    "HoS TS": ("HoS TS",),
    "HoS QAS": ("HoS QAS",),
    "PSCP": ("PSCP",),
    "PSCP/HoS TS": ("PSCP", "HoS TS"),
    "Head of Service MASH/ SA": ("Head of Service MASH/ SA",),
    "PMFH's": ("PMFH's",),
    "HoS CiC": ("HoS CiC",),
    "AD Safeguarding": ("AD Safeguarding",),
    "Housing Manager": ("Housing Manager",),
    "Community Safety Officer": ("Community Safety Officer",),
    "Head of Finance": ("Head of Finance",),
    "Environmental Health Lead": ("Environmental Health Lead",),
    "Customer Services Manager": ("Customer Services Manager",),
    "Head of Planning": ("Head of Planning",),
    "Director of Place": ("Director of Place",),
    "Climate Officer": ("Climate Officer",),
    "Leisure and Culture Manager": ("Leisure and Culture Manager",),
}

SECTIONS_C = (
    "Safer neighbourhoods",
    "Homes for local people",
    "A cleaner, greener district",
    "A council that works for residents",
    "Thriving town centres",
    "Health and wellbeing",
    "Jobs, skills and the local economy",
)

ACTIONS_C = (
    "Adopt a new anti-social behaviour policy and publish it online",
    "Install additional CCTV cameras in the town centre car parks",
    "Deliver 120 affordable homes through the local housing company",
    "Review the housing allocations scheme and consult tenants",
    "Bring 40 long-term empty homes back into use",
    "Introduce food waste collections for all households",
    "Plant 5,000 trees on council land",
    "Publish a climate emergency action plan with yearly targets",
    "Replace the customer contact system and retire the old telephony platform",
    "Reduce the average time to answer calls to under three minutes",
    "Complete the review of fees and charges for the medium term financial plan",
    "Refurbish the harbour leisure centre changing rooms",
    "Agree a new local plan timetable with the planning inspectorate",
    "Launch the residents' survey and report results to cabinet",
    "Roll out electric vehicle charging points in six council car parks",
    "Set up a tenancy sustainment service for vulnerable tenants",
)

PROGRESS_C = (
    ("Complete", "complete", "policy adopted by cabinet in September."),
    ("In progress", "in_progress", "procurement under way, contract award expected next quarter."),
    ("In progress", "in_progress", "first phase delivered; second phase being scoped."),
    ("Delayed", "behind", "supplier issues have pushed the go-live date back."),
    ("Not started", "not_started", "scheduled to begin after budget setting."),
    ("On track", "on_track", "milestones met to date."),
)

DETAILS = (
    "A progress report went to the improvement board this month.",
    "Feedback from practitioners has been positive and will shape the next phase.",
    "The service manager is tracking this weekly with team managers.",
    "Data for the last quarter shows steady improvement against the baseline.",
    "Two further workshops are booked for the coming weeks.",
    "Partners have agreed to share their figures monthly from now on.",
    "An audit of 30 records found most met the new standard.",
    "Some teams are further ahead than others; support has been offered.",
)
