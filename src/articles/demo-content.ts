/**
 * Demo publication content for Concord: articles, news summaries and videos that the seed
 * publishes on a fresh install. Every word here was written for Concord. The people, places,
 * organisations, publications, studies and video ids are invented; news sources live on the
 * reserved example.org / example.com / example.net domains so that no link points at a real site.
 */

export interface DemoArticle {
  kind: 'article' | 'news' | 'video';
  slug: string; // lowercase-hyphenated, unique, <= 60 chars (slugify's limit)
  title: string; // <= 120 chars
  excerpt?: string; // one or two sentences, <= 280 chars; omitted for about half (the app derives it)
  body: string; // Markdown
  categories: string[]; // slugs from DEFAULT_CATEGORIES (src/articles/categories.ts)
  tags: string[]; // 2–5 lowercase tag names
  author: number; // 0..11: index of the demo mediator who wrote it; -1 means "the editors"
  daysAgo: number; // published this many days before the seed date, 1..400, all different
  sourceName?: string; // news only
  sourceUrl?: string; // news only
  videoUrl?: string; // video only
  videoSeconds?: number; // video only
  heroAlt: string; // alt text for the generated hero image
}

export const DEMO_ARTICLES: DemoArticle[] = [
  // ---------------------------------------------------------------- articles
  {
    kind: 'article',
    slug: 'preparing-for-your-first-divorce-mediation-session',
    title: 'Preparing for your first divorce mediation session',
    excerpt:
      'A first session is mostly about getting your bearings. Here is what usually happens, what to think about beforehand, and how to look after yourself on the day.',
    body: `A first divorce mediation session rarely settles anything big, and it isn't meant to. Its job is to help both of you understand the process, agree on how you will work together, and list the questions that need answers. Knowing that can take some of the pressure off.

## Before the session

- **Write down what matters most to you.** Not your opening demand, but the things underneath it: a stable home for the children, enough income to plan ahead, a fair share of what you built together.
- **Gather the basics.** A rough list of accounts, debts, property and monthly costs is enough for now. You will fill in the details later.
- **Think about the children's week.** If you have children, sketch what a normal week looks like for them today. It helps to start from their routines rather than from a formula.
- **Decide who you can talk to.** Many people find it useful to speak with a lawyer before or between sessions, even when they want to settle without going to court.

## What usually happens on the day

The mediator will explain their role, how confidentiality works, and what happens if either of you wants a break or a private conversation. You will each have time to say, without interruption, what brings you here and what you hope for. Then the mediator will help you build an agenda: the topics to cover and the information you will need for each.

Expect to leave with a short list of tasks, such as collecting statements or checking school timetables, and a date for the next meeting.

## Looking after yourself

Separation is one of the hardest conversations people have. Eat beforehand, plan something gentle for afterwards, and tell the mediator if you need to pause. Saying "I need a minute" is part of the process, not a failure of it.

If you feel unsafe with the other person, tell the mediator privately before the session. They can change how the meeting is run, or help you find a different route.`,
    categories: ['family', 'choosing'],
    tags: ['divorce', 'preparation', 'co-parenting'],
    author: 0,
    daysAgo: 3,
    heroAlt: 'A notebook and a cup of tea on a table beside a window with soft morning light',
  },
  {
    kind: 'article',
    slug: 'what-a-mediator-does-and-does-not-do',
    title: "What a mediator does, and what they don't",
    body: `People often arrive at mediation expecting something it isn't: a judge who will decide, a counsellor who will heal, or an advocate who will take their side. A mediator is none of these, and knowing the difference helps you use the time well.

## What a mediator does

- **Runs a fair process.** The mediator sets ground rules, makes sure each person gets to speak and be heard, and keeps the conversation moving.
- **Helps you understand each other.** By asking questions and summarising, a mediator can turn a heated statement into something the other person can actually respond to.
- **Helps you find options.** Once the issues are clear, the mediator encourages you to come up with several possible solutions before judging any of them.
- **Tests ideas against reality.** A good mediator will ask whether a proposal will still work in six months, whether it can be paid for, and what happens if circumstances change.
- **Writes things down.** Many mediators prepare a summary of what you agreed, which you can then take to your own advisers.

## What a mediator doesn't do

- **Decide for you.** Every outcome in mediation is one that both of you accept. If you cannot agree, nobody imposes a result.
- **Take sides.** The mediator is impartial. They may challenge both of you, but they are not working for either of you.
- **Give you individual legal advice.** Even mediators who are also lawyers will usually give general information only. For advice about your own rights, speak to your own lawyer.
- **Act as a therapist.** Feelings are welcome and often important, but the focus stays on decisions about the future.

## Why this matters

When you understand the mediator's role, you can prepare better. Bring your own questions, get advice where you need it, and come ready to listen as well as to speak. The mediator can make a difficult conversation possible; the agreement itself belongs to you.`,
    categories: ['choosing'],
    tags: ['choosing a mediator', 'preparation', 'agreements'],
    author: 1,
    daysAgo: 11,
    heroAlt: 'Two chairs facing each other across a small round table, with a third chair set slightly apart',
  },
  {
    kind: 'article',
    slug: 'workplace-mediation-for-small-teams',
    title: 'Workplace mediation for small teams',
    excerpt:
      'In a team of eight, one unresolved conflict affects everyone. Mediation can help two colleagues reset how they work together without turning it into a formal case.',
    body: `In a large organisation, two colleagues who don't get along can sometimes be moved apart. In a team of six or eight, there is nowhere to go. Everyone feels the tension, work slows down, and good people start looking for other jobs. Mediation offers a way to deal with it early, quietly and without blame.

## When it fits

Workplace mediation works best for working relationships that have gone wrong: disagreements about workload, communication that has turned sharp, a clash after a reorganisation, or misunderstandings that have grown over months. It is usually voluntary, and it is not a substitute for a formal investigation where there are allegations of harassment, discrimination or serious misconduct.

## How it usually runs

1. **Separate conversations first.** The mediator meets each person alone to hear their view and check that mediation is appropriate.
2. **A joint meeting.** The two colleagues meet with the mediator, often for half a day, to talk through what has happened and what each needs in order to work well.
3. **A written understanding.** They agree practical steps: how they'll share information, how they'll raise problems, who does what.
4. **A check-in.** A short follow-up a few weeks later helps keep the agreement alive.

## Tips for small-business owners

- **Bring in someone from outside.** The owner or manager is rarely seen as neutral, however fair they try to be.
- **Keep it confidential.** Tell the wider team only that the two people are working on things, not the details.
- **Don't make it a punishment.** Present mediation as a chance to fix something, not as a warning.
- **Protect the time.** Hold meetings during paid working hours in a private room, or online from somewhere quiet.

Small teams depend on trust. Mediation won't make two people friends, but it often helps them become colleagues again.`,
    categories: ['workplace'],
    tags: ['workplace', 'confidentiality', 'preparation'],
    author: 2,
    daysAgo: 19,
    heroAlt: 'A small open-plan office drawn in soft blues, with two desks turned slightly towards each other',
  },
  {
    kind: 'article',
    slug: 'elder-care-family-meetings',
    title: "Elder-care family meetings: deciding together about a parent's care",
    body: `When a parent begins to need more help, families face decisions that touch money, home, health and old loyalties all at once. Siblings may live far apart, carry very different shares of the daily care, and remember the family's history in different ways. A mediated family meeting gives everyone a structured place to talk, with the older person at the centre.

## Who should be there

Start with the person whose care is being discussed. Unless they genuinely cannot take part, their wishes come first, and a mediator will make sure they are heard directly rather than spoken about. Then include the people who will carry out any plan: adult children, partners, sometimes a close friend or neighbour who already helps. Some families invite a care professional to answer factual questions for part of the meeting.

## Topics that usually come up

- Where the parent will live, and what support they need to stay safe there
- Who does what: visits, shopping, appointments, paperwork
- How care will be paid for, and whether family members who provide care are compensated
- Who can make decisions if the parent cannot, and whether documents for that are in place
- How the family will keep each other informed

## What makes these meetings work

**Preparation.** A mediator usually speaks with each participant beforehand. Old grievances surface here, and it helps to hear them privately before the group meets.

**Accessibility.** Shorter sessions, good lighting, hearing support and regular breaks all matter. Online participation lets relatives who live far away join.

**A written plan.** The outcome is often a simple document listing tasks, names and a date to review it. Care needs change, so a plan with a built-in review is more useful than one that tries to settle everything forever.

Families rarely agree on everything. The aim is a plan that everyone can live with and that respects the person it is for.`,
    categories: ['family'],
    tags: ['elder care', 'family', 'agreements'],
    author: 3,
    daysAgo: 27,
    heroAlt: 'An armchair by a sunny window with a blanket folded over its arm and a few cups on a low table',
  },
  {
    kind: 'article',
    slug: 'neighbour-disputes-why-talking-early-beats-letters-later',
    title: 'Neighbour disputes: why talking early beats letters later',
    excerpt:
      'Noise, boundaries, trees and parking are small issues that can grow large. A community mediator can help neighbours settle them while they still have to live side by side.',
    body: `Most neighbour disputes begin with something small: a barking dog, a fence in slightly the wrong place, branches hanging over a garden, a car parked across a driveway. They grow because both households stop talking and start keeping records. By the time letters are being exchanged, each side is sure the other is being unreasonable.

## Why mediation suits neighbours

Unlike most disputes, neighbour conflicts don't end when a decision is made. You will still see each other every morning. A court order may settle where the fence goes but leave both households feeling watched and resentful. Mediation focuses on how you will live next to each other from now on.

## What a neighbour mediation looks like

Many community mediation services visit each household separately first. This lets each side explain things in their own home and gives the mediator a sense of the street. If both agree, a joint meeting follows in a neutral place, such as a community centre, a library meeting room or a video call.

Typical agreements are very practical:

- Quiet hours, and a way to text each other when something is a problem
- Who will trim which side of the hedge, and when
- A shared understanding of where the boundary is, perhaps after checking the property documents together
- A plan for the next time something goes wrong

## Before you reach for a letter

- **Knock first, if it feels safe.** Pick a calm moment and start with what you've noticed, not with an accusation.
- **Assume there's a reason.** A new baby, a night shift or an illness can explain a great deal.
- **Contact a community mediation service.** Many are low-cost or free and can approach the other household for you.

If there has been violence or threats, contact the police or the appropriate authority first. Mediation is for disagreements, not for situations where someone is in danger.`,
    categories: ['community'],
    tags: ['neighbours', 'community', 'housing', 'agreements'],
    author: 4,
    daysAgo: 38,
    heroAlt: 'Two small houses side by side with a low hedge between them under a pale evening sky',
  },
  {
    kind: 'article',
    slug: 'commercial-lease-disputes-keeping-the-business-running',
    title: 'Commercial lease disputes: keeping the business and the building running',
    body: `Commercial leases run for years, and a lot can change during them. Trade drops, a roof leaks, a service charge jumps, a tenant wants to hand the lease to someone else, or a landlord wants the space back for redevelopment. Court or arbitration can settle the legal question, but it is slow and expensive, and by the end the relationship is usually over. Mediation lets both sides look for an arrangement that keeps value on the table.

## Common issues in lease mediation

- Arrears and payment plans
- Rent reviews and disagreements over market rent
- Repairs, the condition of the premises at the end of the lease, and who pays for what
- Service charges and how they are calculated
- Early exit, surrender, or assignment to a new tenant
- Use of the premises, signage, noise and access

## Why interests matter more than clauses

The lease sets out rights, but the parties' real interests are often simpler. A landlord may care most about avoiding an empty unit, since vacancies bring costs and can affect the value of the whole building. A tenant may care most about getting through a difficult year without losing a location customers know. A mediator helps each side say what they need, then explores options the lease never anticipated: stepped rent, a rent-free period in exchange for a longer term, shared repair costs, or a managed exit on a fair timetable.

## Preparing as a landlord or tenant

1. Bring the lease and any side letters or variations.
2. Bring a clear account of the figures: arrears, charges, quotes for works.
3. Know who has authority to agree. If a board, lender or partner must approve, say so early.
4. Think about your best realistic alternative if mediation doesn't settle, including its cost and how long it would take.

## After agreement

Lease settlements usually need careful drafting, and some need formal documents or registration to take effect. Expect lawyers to turn the agreed terms into a binding variation or new agreement. Mediation is where the deal is found; the paperwork makes it stick.`,
    categories: ['business'],
    tags: ['leases', 'business', 'agreements', 'preparation'],
    author: 5,
    daysAgo: 46,
    heroAlt: 'A row of shopfronts with striped awnings, one window showing a small to-let sign',
  },
  {
    kind: 'article',
    slug: 'construction-payment-disputes-before-the-site-stops',
    title: 'Construction payment disputes: mediating before the site stops',
    excerpt:
      'When payments stall on a project, work stops and costs climb. Early mediation can resolve the money question while the job still has a chance to finish well.',
    body: `Construction disputes tend to be about money, but rarely only money. A late payment may trace back to a disputed variation, a change in the design, a delayed delivery, or a defect someone believes is someone else's responsibility. Meanwhile, subcontractors need paying and the programme slips. Each week of argument costs everyone.

## Where mediation helps

- **Unpaid invoices and withheld sums**, especially where the disagreement is about the value of work rather than whether it was done
- **Variations and extras** that were requested informally and never priced in writing
- **Delay and disruption claims** where several parties share some responsibility
- **Defects**, where the question is less "who is at fault" and more "how do we fix it, and who pays for what"
- **Final account disputes** at the end of a project

## Why timing matters

Mediation is most useful while the project is still live. At that point the parties share a goal: finishing the job. A settlement can include not only a payment figure but also a revised programme, an agreed way to price future changes, and a named person on each side to deal with problems before they escalate.

## Getting ready

- Assemble the contract, the correspondence about changes, and a clear schedule of the sums in dispute.
- Separate the items you are confident about from those that are genuinely uncertain. Mediators often help parties settle the clear items quickly and spend the time on the rest.
- Bring someone who knows the site, not only someone who knows the contract.
- Consider whether an independent expert view on a technical question would help, and whether the parties could share one.

## Mediation and other routes

Many construction contracts provide for adjudication, expert determination or arbitration. Mediation can sit alongside these. Parties sometimes mediate while another process is running and settle before a decision is needed. Check your contract for time limits, and take advice so that mediating doesn't cost you a right you would otherwise have.`,
    categories: ['business'],
    tags: ['construction', 'business', 'agreements', 'preparation'],
    author: 6,
    daysAgo: 55,
    heroAlt: 'A half-built frame of a house with a crane in the distance, drawn in warm ochre tones',
  },
  {
    kind: 'article',
    slug: 'building-a-co-parenting-plan-that-lasts',
    title: 'Building a co-parenting plan that lasts',
    body: `A parenting plan is the practical heart of many separation agreements. It sets out where children live, how they move between homes, and how their parents will make decisions together. The best plans are specific enough to prevent arguments and flexible enough to grow with the children.

## Start from the children's lives

Before talking about percentages or weekends, describe the children's current week: school, activities, friendships, bedtimes, who does the school run. A plan built around those rhythms is easier to follow than one copied from somewhere else. Think about age, too. What works for a toddler, who needs frequent contact with both parents, will look different from what suits a teenager with a part-time job and a busy social life.

## What to include

- **A regular schedule**, with handover times and places
- **Holidays and special days**: school breaks, birthdays, religious and cultural festivals
- **Decision-making**: which decisions you make together (schooling, health, religion) and which each parent makes alone during their time
- **Communication**: how you'll share news, how quickly you'll reply, and which tools you'll use
- **Travel**: notice needed for trips, and consent for travel abroad
- **New partners**: when and how children will be introduced
- **Changes and disagreements**: how you'll review the plan, and what you'll do if you can't agree, such as returning to mediation

## Keep it workable

Plans fail when they rely on goodwill that isn't there yet. If handovers are tense, choose a neutral place like the school gate. If messages turn into arguments, agree to use a shared calendar or a co-parenting app, and keep messages short and about the children.

## Review it

Build in a date to look at the plan again, perhaps every year or whenever a child changes school. Children grow, jobs change and people move. A plan that expects change is far more likely to last than one that pretends it won't happen.`,
    categories: ['family'],
    tags: ['co-parenting', 'divorce', 'agreements'],
    author: 0,
    daysAgo: 63,
    heroAlt: 'Two front doors at either end of a winding path, with a small backpack resting halfway along',
  },
  {
    kind: 'article',
    slug: 'online-mediation-practical-tips-for-a-calm-session',
    title: 'Online mediation: practical tips for a calm session on video',
    excerpt:
      'Mediating by video can save travel and make hard conversations feel safer. A little preparation of your space, your device and your breaks goes a long way.',
    body: `Online mediation is now an everyday option. For many people it is easier: no travel, no waiting room, no sitting across a table from someone you find difficult. It also brings its own challenges. These tips help most people get more out of a session on video.

## Your space

- **Find somewhere private.** Choose a room where you won't be overheard, especially by children. If that's impossible, headphones help.
- **Light your face from the front.** A window or lamp behind you turns you into a silhouette.
- **Keep what you need close.** Documents, a notepad, water and tissues.

## Your technology

- **Test the link beforehand.** Most mediators are happy to do a short test call a day or two before.
- **Use a laptop or tablet if you can.** A phone works, but a larger screen makes documents easier to read. Prop it up so your hands are free.
- **Plug in the charger.** Sessions often run longer than planned.
- **Have a backup.** Keep the mediator's phone number to hand in case the connection drops.

## During the session

Online mediations often use private breakout rooms, so the mediator can speak with each person separately. You'll be moved between rooms; there's no need to do anything. If you're unsure whether others can hear you, ask.

Screen fatigue is real. Agree on regular breaks at the start, and use them to stand up, move around and get some air.

## Privacy and recording

Most mediators ask that nobody records the session, and some ask everyone to confirm that no one else is in the room off camera. These rules protect everyone's ability to speak openly.

## When video isn't the best choice

If you have limited internet access, find screens difficult, or need an interpreter or support person, tell the mediator. Phone sessions, in-person meetings or a mix of formats may suit you better.`,
    categories: ['choosing', 'practice'],
    tags: ['online mediation', 'preparation', 'confidentiality'],
    author: 7,
    daysAgo: 74,
    heroAlt: 'A laptop on a kitchen table showing two soft-coloured video tiles, next to a glass of water',
  },
  {
    kind: 'article',
    slug: 'caucus-or-joint-session-choosing-the-right-room',
    title: 'Caucus or joint session? Choosing the right room for the moment',
    body: `Every mediator makes a constant series of choices about who should be in the room. Some work almost entirely in joint session; others, especially in commercial cases, spend most of the day moving between private rooms. Neither is right in itself. The skill lies in choosing deliberately.

## What joint sessions offer

- **Direct communication.** Parties hear each other's words and tone, not the mediator's paraphrase.
- **Shared understanding.** Misunderstandings can be corrected on the spot.
- **Ownership.** Agreements built face to face are often better understood and better kept, particularly where the relationship continues, as in parenting or workplace cases.

## What caucuses offer

- **Candour.** People may share their real concerns, fears or limits only in private.
- **Reality-testing without loss of face.** A mediator can ask hard questions about a party's position without an audience.
- **Cooling off.** A private room gives space when emotions run high.
- **Safety.** Where there is a power imbalance or a history of intimidation, separate rooms may be essential.

## Questions to guide the choice

1. Is the conversation still productive, or are the parties repeating themselves?
2. Is someone holding back something that matters?
3. Does either party need protection, or time to regroup?
4. Will the parties need to work together afterwards?

## Good caucus habits

- Explain at the start that you may meet separately, and that this is routine.
- Be clear about confidentiality: ask what, if anything, you may share from each caucus.
- Keep the time roughly balanced, or explain why not, so nobody feels the other side is getting more attention.
- Return to joint session when you can, especially to confirm the final terms together.

A caucus is a tool, not a default. Used with intent, it moves things on; used out of habit, it can leave parties negotiating with the mediator rather than with each other.`,
    categories: ['practice'],
    tags: ['caucus', 'skills', 'confidentiality'],
    author: 7,
    daysAgo: 82,
    heroAlt: 'A floor plan of two adjoining rooms with a connecting door left slightly open',
  },
  {
    kind: 'article',
    slug: 'confidentiality-in-mediation-what-it-covers',
    title: 'Confidentiality in mediation: what it covers and where it stops',
    excerpt:
      'Confidentiality lets people speak freely in mediation, but it has limits. Here is what is usually protected, the common exceptions, and what to ask your mediator.',
    body: `Confidentiality is one of the main reasons mediation works. People can float an idea, admit a mistake or explore a compromise without worrying that their words will be used against them later. But the protection isn't absolute, and the exact rules depend on where you live and the kind of dispute. It is worth understanding the basics before you start.

## What is usually protected

- **What is said in the sessions.** In general, statements made in mediation can't be used as evidence if the case later goes to court.
- **Settlement offers.** A proposal made during mediation usually can't be quoted later as an admission.
- **The mediator's notes and evidence.** Mediators generally can't be required to give evidence about what happened, and many destroy their working notes when the case closes.
- **Private meetings.** What you tell the mediator alone stays with the mediator unless you agree it can be shared.

## Common exceptions

Rules vary, but many places recognise exceptions such as:

- A risk that someone, especially a child, will be seriously harmed
- Information about a crime that is being planned
- Facts and documents that exist independently of the mediation
- Disputes about whether an agreement was actually reached

## What confidentiality doesn't do

It doesn't make documents secret simply because they were shown in mediation. A bank statement you bring can still be requested through the normal court process. And it doesn't bind people outside the process unless they have agreed to it, so think about who else you tell.

## Questions to ask your mediator

1. What are the confidentiality rules for this kind of case where we live?
2. Will you ask us to sign a confidentiality agreement?
3. What happens to your notes?
4. Can we share what we discuss with our lawyers, accountants or family?

A good mediator will explain all this clearly at the start, and will be glad you asked.`,
    categories: ['choosing', 'practice'],
    tags: ['confidentiality', 'preparation', 'choosing a mediator'],
    author: 1,
    daysAgo: 91,
    heroAlt: 'A closed folder tied with a ribbon, resting on a desk in soft lamplight',
  },
  {
    kind: 'article',
    slug: 'how-mediation-fees-are-usually-split',
    title: 'How mediation fees are usually split',
    body: `Talking about money can feel awkward when you're already in a dispute, but it's better to settle the question of fees at the start. Most mediators publish their rates and will explain them before anyone commits.

## How mediators charge

- **Hourly rates** are common for family and workplace mediation, often with a minimum booking.
- **Session or half-day fees** give a fixed price for a set block of time.
- **Day rates** are typical for commercial and construction mediations, which may last a full day or more.
- **Preparation and follow-up**, such as reading documents, calls before the first meeting or drafting a summary, may be charged separately. Ask.
- **Sliding scales and free services** exist too. Community mediation programmes and some court-connected schemes are low-cost or free, and some private mediators reduce fees for people on lower incomes.

## The usual ways to split

1. **Equal shares.** The most common arrangement. Each party pays half, which supports the sense that the mediator works for both.
2. **In proportion to income.** In family cases where one person earns much more, couples sometimes split fees proportionally.
3. **One party pays.** An employer often pays for workplace mediation; an insurer or a larger business may offer to pay in a commercial case. This is fine as long as everyone understands that paying doesn't buy influence.
4. **Paid from shared funds.** Separating couples sometimes agree to pay from a joint account, with the cost taken into account in the final financial settlement.

## Questions to ask before you book

- What is included in the fee, and what is extra?
- Is there a cancellation charge?
- When is payment due: in advance, after each session, or at the end?
- Do you offer reduced fees, or know of a low-cost service nearby?

## A note on value

Comparing mediators by price alone rarely works well. A more experienced mediator may cost more per hour but help you settle in fewer sessions. Compared with the cost of a contested court case, mediation is usually a modest investment.`,
    categories: ['choosing'],
    tags: ['fees', 'choosing a mediator', 'preparation'],
    author: 8,
    daysAgo: 103,
    heroAlt: 'A simple balance scale with two equal stacks of round tokens on a pale green background',
  },
  {
    kind: 'article',
    slug: 'choosing-a-mediator-questions-worth-asking',
    title: 'Choosing a mediator: questions worth asking',
    excerpt:
      'Experience, approach, fit and cost all matter. A short call with two or three mediators will tell you more than any list of credentials.',
    body: `Choosing a mediator is one of the few decisions in a dispute that both sides can make together, and it sets the tone for everything that follows. A directory can help you find people nearby or online; a short conversation with two or three of them will help you choose.

## Start with what your dispute needs

- **Subject-matter experience.** A family mediator understands parenting plans and financial disclosure; a construction mediator knows how valuations and build programmes work. You don't always need a specialist, but it helps when the issues are technical.
- **Format.** In person, online or by phone? Do you need separate rooms, or a venue that is convenient for both of you?
- **Language.** Can the mediator work in the language you're most comfortable in, or arrange an interpreter?
- **Availability.** Can they meet within the time you have?

## Questions to ask on a first call

1. How long have you been mediating, and how many cases like ours have you handled?
2. What training or accreditation do you have?
3. How do you usually run a case: joint meetings, separate meetings, or both?
4. How do you make sure both people are safe and able to speak freely?
5. What do you charge, and how are fees usually split?
6. What happens if we reach agreement? Do you write it up?

## Listening for fit

Notice how the mediator makes you feel. Did they listen? Did they explain things plainly? Did they avoid taking your side, even when you invited them to? A mediator who agrees with everything you say on the first call may not be the one who can help you both.

## If you can't agree on who to choose

Each of you can propose a shortlist, and you pick a name that appears on both. Or you can take turns ruling out names until one remains. Some people ask a court, a professional body or a community programme to suggest someone. Agreeing on a mediator is, in a small way, the first agreement you make together.`,
    categories: ['choosing'],
    tags: ['choosing a mediator', 'fees', 'screening'],
    author: 8,
    daysAgo: 117,
    heroAlt: 'Three simple profile cards laid out in a row, one gently highlighted with a soft outline',
  },
  {
    kind: 'article',
    slug: 'what-to-bring-to-a-mediation-session',
    title: 'What to bring to a mediation session',
    body: `Being prepared doesn't mean arriving with a stack of arguments. It means having the information you need to make decisions, and the few things that help you stay focused and calm. Here is a checklist most people find useful. Your mediator may send their own list too.

## Documents

- **Anything the mediator asked for.** Read the letter or email you received before the session carefully.
- **Key papers for your kind of dispute.** For a separation: recent payslips, bank and pension statements, mortgage or rent details, a list of debts. For a business dispute: the contract, invoices, correspondence and any expert reports. For a neighbour dispute: photos, a sketch of the boundary, a diary of incidents.
- **A simple budget.** Knowing your monthly income and spending makes it much easier to judge whether an offer works.
- **Copies.** Bring spares for the mediator and the other party if documents haven't been shared beforehand.

## Your own notes

- A short list of the issues you want to cover
- What matters most to you, and why
- Questions you want answered
- Ideas for solutions, including ones you haven't said out loud yet

## Practical things

- Water and something to eat, because sessions can be long
- Reading glasses, medication, a phone charger
- For online sessions, headphones and a fully charged device
- A way to get home that doesn't depend on anyone you're in dispute with

## People

Ask beforehand whether you can bring a lawyer, a friend or a supporter, and what role they will play. Some mediators welcome them in the room; others prefer them to be available by phone. Anyone who comes should understand the confidentiality rules.

## An open mind

The most useful thing to bring is hard to pack: a willingness to hear something new. You don't have to agree with the other person, but listening closely can show you a solution that neither of you could see alone.`,
    categories: ['choosing'],
    tags: ['preparation', 'divorce', 'neighbours'],
    author: 9,
    daysAgo: 128,
    heroAlt: 'An open tote bag with a folder, a water bottle and a pair of glasses arranged beside it',
  },
  {
    kind: 'article',
    slug: 'when-mediation-is-not-the-right-choice-safety-and-screening',
    title: 'When mediation is not the right choice: safety and screening',
    excerpt:
      'Mediation depends on both people being able to speak freely and safely. Careful screening helps decide whether it can go ahead, in what form, or not at all.',
    body: `Mediation assumes that both people can say what they need, disagree without fear, and walk away if they choose. Where there is abuse, coercive control or a serious imbalance of power, those assumptions may not hold. That's why responsible mediators screen every case before it begins, and why it is always acceptable to say that mediation isn't right for you.

## What screening looks like

Screening usually happens in separate, private conversations with each person before any joint meeting. The mediator may ask about:

- Any history of violence, threats or intimidation
- Whether either person feels afraid of the other, or controlled in daily life, for example over money or contact with friends
- Current court orders, including protective orders
- Alcohol or drug use, or health concerns, that affect safety or decision-making
- Whether each person feels able to disagree openly

These questions are asked of everyone. Being asked doesn't mean anyone has assumed the worst.

## Possible outcomes

- **Mediation goes ahead as usual.**
- **Mediation goes ahead with changes**, such as separate rooms, online sessions with separate links, staggered arrival times, shorter meetings, or a supporter or lawyer present.
- **Mediation doesn't go ahead.** The mediator will explain, without placing blame, and suggest other routes such as legal advice or court.

## If you are worried about your safety

Tell the mediator privately. You don't have to explain everything, and you don't have to raise it in front of the other person. If you're in immediate danger, contact emergency services. Specialist domestic-abuse services can also help you plan and understand your options.

## For mediators

Screening is not a single form at intake. Stay alert throughout the process, since new information often emerges later. Keep safety arrangements in place for arrivals and departures, and remember that ending a mediation can be the most professional decision you make.`,
    categories: ['family', 'choosing', 'practice'],
    tags: ['screening', 'divorce', 'online mediation'],
    author: 10,
    daysAgo: 139,
    heroAlt: 'A quiet doorway with a soft light above it, opening onto a calm garden path',
  },
  {
    kind: 'article',
    slug: 'from-handshake-to-signed-agreement',
    title: 'From handshake to signed agreement: making your mediated settlement count',
    body: `Reaching agreement in mediation is a relief. But an understanding that lives only in people's memories can unravel within weeks. The final stage, turning what you agreed into something clear, complete and, where needed, legally binding, deserves as much care as the negotiation itself.

## Write it down while everyone is present

Before anyone leaves, the key terms should be written down and read through together. Many mediators prepare a short summary on the day, sometimes called a memorandum of understanding or heads of terms. Check that it covers:

- **Who** is doing **what**, and by **when**
- Exact amounts, and how and when they will be paid
- What happens if a deadline is missed
- Anything that is still to be decided, and how

## Binding or not?

Whether a mediated agreement is legally binding depends on the kind of dispute, the words used, and the law where you live. Speaking generally:

- **In many commercial and civil disputes**, a settlement agreement can become a binding contract once both parties sign it. Some mediators deliberately make the day's summary non-binding until lawyers have reviewed it.
- **In family cases**, agreements about children and finances often need to be approved by a court, or turned into a formal order, before they can be enforced.
- **Where a case is already in court**, the settlement is usually filed with or recorded by the court.
- **Some agreements need particular formalities**, such as signatures witnessed in a certain way or registration, especially when property is involved.

Ask your mediator what status the document will have, and take independent legal advice before signing anything you intend to be final.

## Make it workable

Good agreements anticipate trouble. Include a way to raise problems, such as returning to mediation before going to court. Avoid vague words like "reasonable" or "regularly" where a date or a number would do.

## Keep a copy

Each party should have a signed copy. Put key dates in your calendar. An agreement you can find, read and follow is worth far more than a perfect one nobody can remember.`,
    categories: ['choosing', 'practice'],
    tags: ['agreements', 'courts', 'preparation'],
    author: 5,
    daysAgo: 151,
    heroAlt: 'A single sheet of paper with two pens crossed on top of it, on a light wooden table',
  },
  {
    kind: 'article',
    slug: 'culture-and-language-in-the-mediation-room',
    title: 'Culture and language in the mediation room',
    body: `Every conflict happens inside a culture. Ideas about respect, family, money, time, directness and saying no all shape how people behave when they disagree. A mediator who ignores this may misread silence as agreement, directness as aggression, or a polite "maybe" as a yes.

## Things that vary between people and communities

- **Directness.** Some people state problems plainly; others expect them to be raised gently, through stories or through a third person.
- **Who decides.** In some families and businesses, decisions involve elders, relatives or partners who aren't in the room.
- **Saving face.** Admitting fault in front of others can carry a heavy cost. Private conversations may make movement possible.
- **Time.** Some people want to get straight to the point; others need to build trust before discussing anything substantial.
- **Emotion.** Raised voices can signal engagement in one setting and a breakdown in another.

These are tendencies, not rules. The person in front of you may differ from any pattern you expect, so ask rather than assume.

## Working across languages

- **Use a professional interpreter** when a party isn't fully comfortable in the language of the mediation. Family members, and especially children, should not interpret: they are not neutral and may be harmed by what they hear.
- **Brief the interpreter** on the process and on confidentiality before the session.
- **Allow more time.** Interpreted sessions usually take longer.
- **Speak in short sections**, and speak to the party, not to the interpreter.
- **Translate key documents**, especially the final agreement, so nobody signs something they can't read.

## Questions a mediator can ask

- "How would this kind of problem usually be handled in your family or community?"
- "Is there anyone else who needs to be part of this decision?"
- "How would you like me to let you know if I need to speak with you privately?"

Cultural awareness isn't about knowing everything about everyone. It's about staying curious, noticing your own assumptions, and designing a process that each person can trust.`,
    categories: ['practice'],
    tags: ['culture', 'language', 'skills', 'cross-border'],
    author: 11,
    daysAgo: 164,
    heroAlt: 'Several speech bubbles in different soft colours overlapping gently above a table',
  },
  {
    kind: 'article',
    slug: 'cross-border-family-disputes-parents-in-different-countries',
    title: 'Cross-border family disputes: when parents live in different countries',
    excerpt:
      'Relocation, holidays abroad and children with two homelands raise hard questions. International family mediation can help parents agree before distance turns into a legal battle.',
    body: `When parents separate across borders, ordinary questions become complicated. Where will the children live? How will they keep a close relationship with the parent who is far away? Who pays for flights? Which country's courts have a say? Mediation can help parents work through these questions together, often faster and with less conflict than legal proceedings in two countries.

## Common situations

- One parent wants to move abroad with the children, for work, family support or a new relationship
- A family has already moved, and one parent wants to return home
- Holiday arrangements involve international travel, and one parent fears a child won't come back
- A child has been taken or kept abroad without the other parent's agreement

The last of these is urgent. International agreements between many countries deal with the wrongful removal or retention of children, and strict time limits can apply. Anyone in that situation should get specialist legal advice immediately. Mediation can run alongside legal steps, but it shouldn't delay them.

## What makes international mediation different

- **Distance.** Sessions are often online, sometimes combined with in-person meetings when a parent visits.
- **Language and culture.** Parents may come from different backgrounds and prefer different languages for difficult conversations. Some services use two mediators with different languages or backgrounds.
- **Law in more than one place.** An agreement may need to be recognised in both countries, and lawyers in each may need to review it.
- **Practicalities.** Time zones, travel costs, passports, and school calendars in two systems.

## Topics a plan might cover

- Where the children live, and how often they see each parent in person
- Regular video calls at times that work across time zones
- Who travels, who accompanies young children, and who pays
- Who holds the passports, and how consent for travel is given
- Keeping the children connected to both languages and cultures

## Finding help

Look for a mediator with experience of international family cases, and ask whether they work with lawyers in both countries. Getting the process right early protects children from years of uncertainty.`,
    categories: ['family'],
    tags: ['cross-border', 'co-parenting', 'culture', 'online mediation'],
    author: 11,
    daysAgo: 176,
    heroAlt: 'A paper aeroplane drifting between two small houses set on opposite sides of a soft blue sea',
  },
  {
    kind: 'article',
    slug: 'how-community-mediation-programmes-work',
    title: 'How community mediation programmes work',
    body: `Community mediation programmes offer free or low-cost help with everyday conflicts: between neighbours, within families, among tenants, in clubs and faith groups, and sometimes between young people and schools. Many have run for decades, quietly settling disputes that would otherwise end up with the police, the local council or the courts.

## Who runs them

Programmes are usually run by non-profit organisations, local authorities or courts, sometimes in partnership with universities. Many rely on trained volunteer mediators from the local area, supported by a small paid staff. Volunteers often work in pairs, which lets them bring different backgrounds and perspectives to each case.

## How a case usually starts

1. **Someone gets in touch.** This might be one of the people in dispute, a housing officer, a police officer, a school or a court.
2. **Intake.** A staff member listens, checks whether mediation is suitable, and explains how it works.
3. **Contacting the other side.** The programme invites the other person or household to take part. Taking part is voluntary.
4. **Meetings.** Usually a separate conversation with each side, then a joint meeting if both agree.
5. **Agreement and follow-up.** Any agreement is written in plain words, and many programmes check in a few weeks later.

## What people value

- **It's local.** Mediators often know the area, its services and its pressures.
- **It's accessible.** Evening sessions, home visits and community venues make it easier to take part.
- **It's about the relationship.** The goal is to help people live or work alongside each other again, not to decide who was right.

## Getting involved

Many programmes train new volunteers every year. Training typically covers listening skills, impartiality, safety, and supervised practice with experienced mediators. If you're interested in mediation as a practice, volunteering in your community is one of the best places to start.`,
    categories: ['community', 'practice'],
    tags: ['community', 'neighbours', 'courts', 'training'],
    author: 4,
    daysAgo: 189,
    heroAlt: 'A circle of mismatched chairs in a bright community hall with tall windows',
  },
  {
    kind: 'article',
    slug: 'when-business-partners-part-ways',
    title: 'When business partners part ways',
    body: `Business partnerships often begin with a friendship or a family tie and a shared idea. When partners disagree about direction, workload or money, the business and the relationship suffer together. Mediation gives partners a private place to decide what comes next, whether that is a reset or a separation.

## Questions that usually need answers

- Does one partner buy the other out, does the business continue on new terms, or is it wound down?
- What is the business worth, and how will that be decided?
- What happens to clients, staff, premises and contracts?
- Who takes on which debts and guarantees?
- How will you tell staff, customers and suppliers?
- Will either partner be restricted from competing, and for how long?

## Why mediation often suits

**Privacy.** Court cases about partnership disputes can become public and damage the business's reputation. Mediation is confidential.

**Speed.** A business in limbo loses value. Mediation can usually be arranged within weeks.

**Creativity.** Settlements can include staged payments, transitional roles, shared use of a brand for a period, or referral arrangements that suit both sides.

**Relationships.** Partners often share friends, family or a small industry. How you separate will be remembered.

## Preparing

1. Gather the partnership or shareholders' agreement, recent accounts and management figures.
2. Consider an independent valuation, ideally one that both partners commission together.
3. Speak with your own lawyer and accountant about the tax and legal consequences of each option.
4. Think about what you want your working life to look like in two years, not only about the numbers.

## A word on emotions

Partners who once trusted each other completely can feel betrayed when things go wrong. Those feelings are real, and they can block practical decisions. A mediator can give them room without letting them take over, often through private conversations before the main negotiation.`,
    categories: ['business'],
    tags: ['partnerships', 'business', 'agreements', 'confidentiality'],
    author: 6,
    daysAgo: 203,
    heroAlt: 'Two paths that share a long stretch of road and then gently divide near a hill',
  },
  {
    kind: 'article',
    slug: 'writing-an-opening-statement-that-puts-people-at-ease',
    title: 'Writing an opening statement that puts people at ease',
    body: `The first few minutes of a mediation shape everything that follows. People arrive anxious, wary of the other side, and unsure what is about to happen. A mediator's opening statement is the first chance to show that this process will be fair, safe and useful.

## What to cover

- **Welcome and thanks.** Acknowledge that coming took effort.
- **Your role.** You are impartial; you won't decide; you will help them talk and decide for themselves.
- **The process.** What happens first, roughly how long things take, and that you may meet with each person separately.
- **Confidentiality.** What is protected, and its limits, in plain words.
- **Ground rules.** Offer a few, then invite theirs. Common ones: one person speaks at a time, anyone can ask for a break, phones on silent.
- **Voluntariness.** Anyone can pause or stop.
- **Questions.** Check that everyone understands before you move on.

## How to say it

Keep it short. Five minutes is plenty in most cases. A long opening can feel like a lecture and delays the moment people are waiting for: the chance to speak.

Use everyday words. "I won't take sides" is clearer than "I maintain neutrality throughout the process."

Look at both parties in turn, and balance your attention from the very start.

Adapt it. A workplace mediation between two colleagues calls for a different tone from a commercial dispute with lawyers present. An online session needs a few extra points: who is in the room, what to do if the connection drops, and how breakout rooms work.

## A practice exercise

Write your opening statement out in full, then read it aloud and time it. Cut anything that repeats. Then try saying it from a few bullet points rather than a script. Ask a colleague to listen as if they were a nervous party and tell you where they stopped following.

A good opening doesn't draw attention to itself. It simply lets people settle, so the real conversation can begin.`,
    categories: ['practice'],
    tags: ['skills', 'confidentiality', 'training'],
    author: 9,
    daysAgo: 218,
    heroAlt: 'An open door letting a wedge of warm light into a quiet meeting room',
  },
  {
    kind: 'article',
    slug: 'helping-children-be-heard-in-family-mediation',
    title: 'Helping children be heard in family mediation',
    excerpt:
      "Children don't make the decisions, but their views and experiences can shape better ones. There are careful ways to include them without putting them in the middle.",
    body: `Parents in mediation make decisions that affect children profoundly, and children often have clear views about their own lives. At the same time, no child should feel responsible for choosing between their parents. Child-inclusive approaches try to hold both truths.

## Ways children's views can be included

- **Through the parents.** The simplest approach: the mediator helps each parent think about what the children have said, how they've been behaving, and what they might need at their age.
- **Through a specialist.** In some services, a trained child consultant or mediator meets the child separately, with both parents' consent, and then shares general themes with the parents. The child agrees in advance what may be passed on.
- **Through age-appropriate tools.** Older children may write a letter or fill in a simple questionnaire about what matters to them.

## Principles that protect children

- **Both parents agree** before anyone speaks with the child.
- **The child is told clearly** that the adults will make the decision, and that they are not choosing.
- **Taking part is optional.** A child may decline, and that is fine.
- **Confidentiality is explained** in words the child understands, along with its limits if a safety concern comes up.
- **Feedback is handled with care.** Parents hear the child's perspective in a way that won't cause trouble for the child at home.

## What children often say

When children are asked, the themes are often simple: they want their parents to stop arguing, they want to know what's happening, they want to keep their friends and activities, and they want to love both parents without feeling guilty. Hearing this directly, or through a skilled professional, can shift parents' focus in a way nothing else does.

## Talking to your children at home

Tell them together, if you can, what's happening, in terms they understand. Reassure them that it isn't their fault. Avoid discussing the dispute in front of them, and never ask them to carry messages. The calmer the adults, the safer the children feel.`,
    categories: ['family'],
    tags: ['co-parenting', 'divorce', 'confidentiality'],
    author: 3,
    daysAgo: 234,
    heroAlt: "A child's drawing of two houses and a bright sun, pinned to a soft grey wall",
  },
  {
    kind: 'article',
    slug: 'working-together-again-after-a-workplace-complaint',
    title: 'Working together again after a workplace complaint',
    body: `A formal complaint or grievance often ends with a finding: upheld, partly upheld or not upheld. But the people involved usually still have to work together the next morning. That is where mediation can help. It doesn't reopen the investigation. It helps colleagues agree how they will work from here.

## Why the end of a process isn't the end

Even a fair investigation can leave both people hurt. The person who complained may feel unheard if the finding went against them. The person complained about may feel their reputation has been damaged. Colleagues may have taken sides. Without attention, these feelings leak into every meeting and email.

## When mediation is appropriate

- Both people are willing to take part
- There is no ongoing risk to anyone's safety or wellbeing
- Any disciplinary action is complete, or clearly separate from the mediation
- The aim is to improve the working relationship, not to revisit the finding

Where the complaint involved serious harassment or discrimination, mediation may not be suitable at all, and no one should be pressured into it. The organisation's duty to protect its staff comes first.

## What a mediator will focus on

- **The future, not the verdict.** "How do we work well from Monday?" rather than "Who was right?"
- **Practical arrangements.** Meeting formats, how feedback is given, reporting lines, how to communicate by email.
- **Acknowledgement.** Sometimes a simple recognition that the last few months were hard on both sides makes a real difference.
- **A review point.** A short follow-up meeting after a few weeks.

## For managers

Offer mediation as a genuine choice, with an external or clearly independent mediator. Keep what is said out of personnel files unless both parties agree otherwise. And support the wider team: tension between two people rarely stays between two people.`,
    categories: ['workplace'],
    tags: ['workplace', 'screening', 'confidentiality'],
    author: 2,
    daysAgo: 251,
    heroAlt: 'Two coffee mugs side by side on a break-room counter, steam rising from both',
  },
  {
    kind: 'article',
    slug: 'siblings-inheritance-and-the-family-home',
    title: 'Siblings, inheritance and the family home',
    excerpt:
      "Disputes over a parent's estate are rarely only about money. Mediation can help siblings divide property, honour a parent's memory and stay on speaking terms.",
    body: `When a parent dies, grief and practical decisions arrive together. Who clears the house? Should it be sold or kept? Was the will fair? Does the sibling who provided the care deserve more? Old roles and rivalries can resurface at exactly the moment when everyone is most tired and raw.

## Common sources of conflict

- A family home that one sibling wants to keep and the others want to sell
- Personal possessions with sentimental value, sometimes more fiercely contested than money
- Uncertainty about a will, or a sense that it doesn't reflect what the parent wanted
- Money given during the parent's lifetime, and whether it should count
- Years of unpaid care by one family member
- Delays by an executor, or a lack of information about the estate

## How mediation helps

**It makes room for grief.** A mediator allows people to talk about their parent and their relationships, because these feelings often drive positions about money.

**It separates the issues.** The house, the possessions and the accounts can each be discussed on their own, rather than as one tangled argument.

**It opens up options.** One sibling might buy out the others over time. Possessions can be chosen in turns, or valued and balanced. An executor might agree to share regular updates.

**It protects relationships.** Legal disputes over estates can be long and costly, and can end family contact for good. Mediation gives siblings a chance to remain a family.

## Practical steps

- Get a clear picture of the estate: assets, debts, the will and any valuations.
- Ask the executor or the estate's lawyer which decisions are legally theirs and which can be agreed among the family.
- Check time limits. Some legal claims about estates must be brought within a fixed period, and mediation doesn't always pause the clock.
- Include partners or adult grandchildren only if everyone agrees.

Few parents want their estate to divide their children. A calm, structured conversation can be the best way to honour that.`,
    categories: ['family'],
    tags: ['elder care', 'family', 'agreements'],
    author: 10,
    daysAgo: 270,
    heroAlt: 'A family home seen from the garden gate, with a few boxes stacked neatly by the door',
  },

  // -------------------------------------------------------------------- news
  {
    kind: 'news',
    slug: 'quillfield-county-court-expands-mediation-referral-programme',
    title: 'Quillfield County court expands its mediation referral programme',
    excerpt:
      'After a two-year pilot, the court will offer mediation before a hearing date is set in most smaller contract and property cases.',
    body: `The civil division of the Quillfield County court is extending its mediation referral programme from small claims to most contract and property disputes below a set value, according to the Example Courts Gazette. Under the expanded scheme, parties will be offered a mediation session before a hearing date is set, either with a volunteer mediator from the court's roster or with a private mediator of their choice.

Court staff say the change follows a two-year pilot in which many cases settled at or soon after mediation, freeing hearing time for contested matters. Taking part remains voluntary, and parties who decline will not be penalised. The court plans to publish an updated guide for people representing themselves, covering what to bring and how confidentiality works.`,
    categories: ['news', 'community'],
    tags: ['courts', 'community', 'confidentiality'],
    author: -1,
    daysAgo: 1,
    sourceName: 'Example Courts Gazette',
    sourceUrl: 'https://news.example.org/courts/quillfield-county-mediation-referral-expansion',
    heroAlt: 'A courthouse with wide steps drawn in soft grey, with a small tree beside the entrance',
  },
  {
    kind: 'news',
    slug: 'larkhaven-mediation-association-launches-member-directory',
    title: 'Larkhaven Mediation Association launches its own member directory',
    body: `The Larkhaven Mediation Association, a regional body for practising mediators, has launched a searchable directory of its members on its own website, Example Practice Review reports. Visitors can search by town or postcode, filter by practice area, language and format, and contact a mediator through a form rather than by email.

The association says every listing is opt-in and that members are asked to re-confirm their availability regularly, so that people in a dispute see who is genuinely accepting new cases. The order of results follows published rules, and any sponsored placement is labelled. The directory runs on open-source software and can be embedded on partner sites, including those of local advice centres. Members who joined before the launch have been invited to review their profiles.`,
    categories: ['news', 'choosing'],
    tags: ['associations', 'choosing a mediator'],
    author: -1,
    daysAgo: 8,
    sourceName: 'Example Practice Review',
    sourceUrl: 'https://www.example.com/practice-review/larkhaven-association-member-directory',
    heroAlt: 'A map of a coastal region with a handful of soft markers clustered around small towns',
  },
  {
    kind: 'news',
    slug: 'online-and-in-person-mediations-settle-at-similar-rates',
    title: 'Review finds online and in-person mediations settle at similar rates',
    excerpt:
      'A review of closed case files from several services found little overall difference in settlement between video and in-person sessions, with caveats about how formats were chosen.',
    body: `A review of several thousand closed case files from community, family and civil mediation services found that sessions held by video settled at broadly similar rates to those held in person, according to the Example Dispute Resolution Quarterly.

The authors note that people who chose online sessions were more likely to mention travel, childcare and safety as reasons, and that online cases were often scheduled sooner. Differences were larger in some case types than in others, and the authors caution that people were not randomly assigned to a format. They recommend that services keep offering a choice, screen carefully for privacy and safety at home, and provide a phone option for people without reliable internet access. Follow-up work will look at whether agreements reached online last as well.`,
    categories: ['news', 'practice'],
    tags: ['online mediation', 'research', 'screening'],
    author: -1,
    daysAgo: 15,
    sourceName: 'Example Dispute Resolution Quarterly',
    sourceUrl: 'https://research.example.net/quarterly/online-mediation-settlement-review',
    heroAlt: 'Two simple bar charts of nearly equal height, one in teal and one in sand',
  },
  {
    kind: 'news',
    slug: 'harbourmoor-opens-free-neighbour-mediation-for-tenants',
    title: 'Harbourmoor opens a free neighbour mediation service for tenants',
    body: `The city of Harbourmoor has opened a free neighbour mediation service for people living in social and private rented housing, the Example City Bulletin reports. The service, run by a local non-profit with city funding, will take referrals from tenants, landlords, housing officers and the police.

Trained volunteer mediators will visit each household before offering a joint meeting in a community venue or by video. City officials say noise, shared spaces, parking and rubbish are the most common complaints they receive, and that many could be resolved earlier with a structured conversation. The service will offer interpreters in the city's most widely spoken languages, as well as evening appointments. An evaluation is planned after its first year.`,
    categories: ['news', 'community'],
    tags: ['neighbours', 'community', 'housing', 'language'],
    author: -1,
    daysAgo: 33,
    sourceName: 'Example City Bulletin',
    sourceUrl: 'https://www.example.org/city-bulletin/harbourmoor-neighbour-mediation-service',
    heroAlt: 'A row of apartment windows at dusk, several softly lit in warm yellow',
  },
  {
    kind: 'news',
    slug: 'westmarch-family-court-pilots-information-sessions',
    title: 'Westmarch family court pilots information sessions before first hearings',
    excerpt:
      'Separating parents will be offered a short session explaining mediation, parenting plans and the court process before their first hearing.',
    body: `Separating parents who apply to the Westmarch family court about arrangements for their children will be invited to a short information session before their first hearing, under a pilot described in Example Family Law Notes. The sessions, held online and in person, explain mediation, parenting plans and how the court process works.

Parents attend separate sessions, and anyone who reports safety concerns is directed to specialist support instead. Court officials say the aim is to help parents make an informed choice, not to push everyone into mediation. The pilot will track how many families go on to mediate, how many reach agreement, and whether parents feel better prepared for hearings. Local mediators have been asked to publish clear fee information to support the scheme.`,
    categories: ['news', 'family'],
    tags: ['courts', 'co-parenting', 'screening', 'fees'],
    author: -1,
    daysAgo: 51,
    sourceName: 'Example Family Law Notes',
    sourceUrl: 'https://notes.example.com/family/westmarch-information-sessions-pilot',
    heroAlt: 'A small waiting area with two separate benches and a leaflet rack in pastel colours',
  },
  {
    kind: 'news',
    slug: 'ashcombe-clinic-trains-student-community-mediators',
    title: 'University clinic trains law and social-work students as community mediators',
    body: `A mediation clinic at Ashcombe University will train law and social-work students to co-mediate neighbour and small-claims disputes alongside experienced volunteers, Example Campus Weekly reports. Students complete a foundation course in listening, impartiality and safety screening before observing real cases, and then mediate only with an experienced co-mediator and with the parties' consent.

The clinic will work with an established community mediation programme that already handles referrals from local courts and housing providers. Organisers say the partnership should shorten waiting times for free mediation while giving students the supervised practice that many accreditation routes require. The clinic will also run a public evening series explaining how mediation works.`,
    categories: ['news', 'community', 'practice'],
    tags: ['training', 'community', 'courts'],
    author: -1,
    daysAgo: 69,
    sourceName: 'Example Campus Weekly',
    sourceUrl: 'https://campus.example.net/weekly/student-community-mediation-clinic',
    heroAlt: 'A lecture room with a few students seated in a semicircle around a small table',
  },
  {
    kind: 'news',
    slug: 'small-employers-would-use-workplace-mediation-survey',
    title: "Small employers say they would use workplace mediation but don't know where to start",
    body: `A survey by the Tern Valley Business Forum found that most owners of firms with fewer than fifty staff see mediation as a useful way to resolve conflicts between employees, but few have ever used it, according to Example Business Daily.

Respondents said they were unsure how to find a suitable mediator, what it would cost, and whether bringing one in would make a problem look more serious than it was. Several said they had lost valued staff over conflicts that began small. The forum plans to publish a short guide for employers and to compile a list of local mediators with workplace experience. It also recommends that employers mention mediation in their staff handbooks, so that employees know it is available early.`,
    categories: ['news', 'workplace'],
    tags: ['workplace', 'choosing a mediator', 'fees'],
    author: -1,
    daysAgo: 97,
    sourceName: 'Example Business Daily',
    sourceUrl: 'https://www.example.com/business-daily/small-employers-workplace-mediation-survey',
    heroAlt: 'A small workshop with a few workbenches and a noticeboard covered in paper notes',
  },
  {
    kind: 'news',
    slug: 'builders-federation-adds-mediation-step-to-model-subcontract',
    title: "Builders' federation adds a mediation step to its model subcontract",
    excerpt:
      'A revised model subcontract lets either party call for one mediation meeting on payment and variation disputes, without giving up faster routes to a decision.',
    body: `The Greyfell Builders' Federation has revised its model subcontract to include a mediation step for payment and variation disputes, the Example Construction Journal reports. Under the new clause, either party can request mediation once a dispute has been notified, and both agree to attend one meeting within a set period unless they have already settled.

The clause preserves existing rights to adjudication and other procedures, so neither side has to give up a faster route to a decision. The federation says members reported that many disputes on smaller projects involved modest sums but escalated quickly, damaging relationships between firms that work together again and again. It will publish guidance on choosing a mediator with construction experience and on sharing the cost of a session.`,
    categories: ['news', 'business'],
    tags: ['construction', 'business', 'agreements', 'associations'],
    author: -1,
    daysAgo: 133,
    sourceName: 'Example Construction Journal',
    sourceUrl: 'https://news.example.net/construction/model-subcontract-mediation-step',
    heroAlt: 'A rolled-up building plan and a hard hat resting on a site table',
  },
  {
    kind: 'news',
    slug: 'mediators-network-publishes-updated-screening-guidance',
    title: "Mediators' network publishes updated screening guidance for family cases",
    body: `The Coastline Mediators' Network has published updated guidance on screening for domestic abuse and coercive control in family mediation, Example Practice Review reports. The guidance asks members to screen each party separately before any joint meeting, to repeat screening when circumstances change, and to record their reasons when they adapt the process or decline a case.

It describes safer formats, including shuttle mediation, staggered arrivals and online sessions with separate links, and stresses that nobody should be made to feel that declining mediation is a failure. The network will offer members free training on the guidance over the coming months, and plans to review it with input from specialist support services.`,
    categories: ['news', 'family', 'practice'],
    tags: ['screening', 'associations', 'training'],
    author: -1,
    daysAgo: 181,
    sourceName: 'Example Practice Review',
    sourceUrl: 'https://www.example.com/practice-review/updated-screening-guidance',
    heroAlt: 'A checklist on a clipboard beside a small potted plant, in muted greens',
  },
  {
    kind: 'news',
    slug: 'hollin-bay-libraries-host-evenings-on-resolving-disputes',
    title: 'Hollin Bay libraries host free evenings on resolving everyday disputes',
    excerpt:
      'Volunteer mediators will explain how mediation works, with short demonstrations and time for questions, at libraries across the district.',
    body: `Libraries across the Hollin Bay district will host a series of free evenings on resolving everyday disputes, according to Example Community News. Local volunteer mediators will explain how mediation works, when it is and isn't suitable, and how to find low-cost help.

Each session includes a short demonstration based on an invented scenario, such as a disagreement over a shared driveway or a dispute between housemates, followed by time for questions. Organisers say many people first hear about mediation only after a dispute has already reached a lawyer or a court, and they hope to reach people sooner. The sessions are open to all, with step-free access and hearing loops at each venue, and several will be offered in more than one language.`,
    categories: ['news', 'community'],
    tags: ['community', 'neighbours', 'language'],
    author: -1,
    daysAgo: 242,
    sourceName: 'Example Community News',
    sourceUrl: 'https://community.example.org/news/library-mediation-evenings',
    heroAlt: 'Tall library shelves framing a small circle of chairs under a warm reading lamp',
  },

  // ------------------------------------------------------------------ videos
  {
    kind: 'video',
    slug: 'video-what-happens-in-a-first-mediation-session',
    title: 'What happens in a first mediation session',
    excerpt:
      'A family mediator walks through a typical first session, from arrival to the closing minutes, and explains why the first meeting is about understanding rather than settling.',
    body: `In this short talk, a family mediator walks through a typical first session from arrival to the closing minutes.

## What the video covers

- **Arriving and settling in.** Why mediators often greet each person separately, and how seating is arranged so nobody feels cornered.
- **The opening.** A plain explanation of the mediator's role, of confidentiality, and of the right to take a break at any time.
- **Each person's turn.** How uninterrupted time to speak helps both people feel heard, and why the mediator summarises rather than judges.
- **Building an agenda.** Turning a long list of worries into a few clear topics, and deciding which to start with.
- **Homework.** The information each person will gather before the next meeting.

## Key takeaways

The speaker stresses that a first session is about understanding, not settling. People often leave with more questions than answers, and that is normal. Viewers are also encouraged to tell the mediator privately about anything that affects their safety or their ability to speak freely.`,
    categories: ['family', 'choosing'],
    tags: ['divorce', 'preparation', 'confidentiality'],
    author: 0,
    daysAgo: 22,
    videoUrl: 'https://www.youtube.com/watch?v=q7Lm2Xv9TbA',
    videoSeconds: 540,
    heroAlt: 'A play button over a soft illustration of a round table with three chairs',
  },
  {
    kind: 'video',
    slug: 'video-role-play-neighbours-and-a-noisy-garage-workshop',
    title: 'Role-play: two neighbours and a noisy garage workshop',
    body: `This role-play, performed by trained volunteers, shows a community mediation between two neighbours. One enjoys woodworking in the garage late into the evening; the other works early shifts and can't sleep.

## What you'll see

- **Separate home visits**, summarised briefly, in which each neighbour explains the problem in their own words
- **A joint meeting** in a community centre, opening with ground rules and uninterrupted time for each person
- **A turning point**, when the mediator asks each neighbour what a good week would look like, and both realise they want much the same thing
- **Building options**: agreed quiet hours, soundproofing for the garage door, and a text message when a late project can't be avoided
- **A short written agreement** with a review after one month

## Commentary

After the role-play, the mediator discusses the choices made along the way: why they didn't push for an apology, how they handled an interruption, and why the agreement says what to do if it breaks down. All characters and events in the scenario are invented.`,
    categories: ['community', 'practice'],
    tags: ['neighbours', 'community', 'skills'],
    author: 4,
    daysAgo: 59,
    videoUrl: 'https://vimeo.com/718204563',
    videoSeconds: 780,
    heroAlt: 'A garage door half open onto a workbench, with a lit bedroom window next door',
  },
  {
    kind: 'video',
    slug: 'video-caucus-explained-in-five-minutes',
    title: 'Caucus explained in five minutes',
    body: `A quick explainer on private meetings, often called caucuses, and why mediators use them.

## Main points

- **What a caucus is.** The mediator meets with one party alone while the other waits or meets separately.
- **Why it helps.** People often say things in private that they wouldn't say in front of the other side: worries, limits, ideas they aren't ready to propose.
- **Confidentiality.** Nothing said in caucus is shared unless the party agrees. The mediator shows how to ask, "What can I take back to the other room?"
- **Fairness.** Why mediators try to give each side similar time, and tell everyone in advance that private meetings are routine.
- **Online caucuses.** How breakout rooms work, with a reminder to check who can hear you when you move between rooms.

## Who it's for

Anyone about to attend mediation who is wondering why they might be asked to wait in another room, and new mediators looking for a simple way to explain caucuses to their clients.`,
    categories: ['practice', 'choosing'],
    tags: ['caucus', 'confidentiality', 'online mediation'],
    author: 1,
    daysAgo: 110,
    videoUrl: 'https://www.youtube.com/watch?v=Hn4kP0wZrE8',
    videoSeconds: 300,
    heroAlt: 'Two small rooms drawn side by side, each with a single chair and a soft lamp',
  },
  {
    kind: 'video',
    slug: 'video-setting-up-for-an-online-mediation',
    title: 'Setting up for an online mediation: camera, sound and privacy',
    excerpt:
      'A practical walkthrough of preparing your room, your device and your backup plan before a mediation by video.',
    body: `A practical guide to preparing your space and your device for a mediation by video.

## In this video

1. **Choosing a room.** Finding privacy at home, and what to do if you share a small space.
2. **Light and camera.** Placing the camera at eye level and the light in front of you, demonstrated with an ordinary laptop and a desk lamp.
3. **Sound.** Why headphones with a microphone help with both privacy and clarity.
4. **A test call.** What the mediator checks: the link, the audio, moving into a breakout room, and sharing a document.
5. **Backup plans.** Keeping a phone nearby, and agreeing in advance what happens if the connection drops.
6. **Breaks.** Why regular breaks matter even more online than in person.

## A note on privacy

The mediator explains why sessions are not recorded and why everyone is asked to confirm who else is in the room. These simple rules help each person speak freely.`,
    categories: ['choosing', 'practice'],
    tags: ['online mediation', 'preparation', 'confidentiality'],
    author: 7,
    daysAgo: 157,
    videoUrl: 'https://www.youtube.com/watch?v=b3Vd_8sQyJm',
    videoSeconds: 420,
    heroAlt: 'A laptop raised on a stack of books, facing a desk lamp and a window with pale curtains',
  },
  {
    kind: 'video',
    slug: 'video-planning-care-for-a-parent-family-meeting-walkthrough',
    title: 'Planning care for a parent: a family meeting walkthrough',
    excerpt:
      "Actors play an invented family meeting about a mother's care after a fall, with a mediator's commentary on preparation, accessibility and sharing the load.",
    body: `This longer video follows an invented family through a mediated meeting about their mother's care after a fall. Actors play the mother, three adult children and a family friend who helps with the shopping.

## How the meeting unfolds

- **Calls before the meeting.** The mediator describes what came up in individual conversations, including one sibling's frustration at carrying most of the daily care.
- **Putting the parent first.** The mother speaks first about what she wants: to stay at home as long as possible, and not to be a burden.
- **Listing needs.** The family builds a list of practical tasks, from medication to gardening.
- **Sharing the load.** Siblings who live far away take on paperwork, bills and regular calls; those nearby take on visits; paid help is discussed.
- **A review date.** The plan is written up with names next to tasks and a date to meet again.

## Reflections

The mediator closes with advice on accessibility, including hearing support and shorter sessions, and on keeping old family disagreements from taking over the meeting.`,
    categories: ['family'],
    tags: ['elder care', 'family', 'agreements'],
    author: 3,
    daysAgo: 226,
    videoUrl: 'https://vimeo.com/803316427',
    videoSeconds: 1140,
    heroAlt: 'A kitchen table with a pot of tea, a handwritten list and several chairs pulled close',
  },
  {
    kind: 'video',
    slug: 'video-workplace-mediation-the-first-conversations',
    title: 'Workplace mediation: the first conversation with each colleague',
    body: `Before any joint meeting, workplace mediators usually speak with each person privately. This video explains what happens in those first conversations and why they matter.

## Topics covered

- **Building trust.** How the mediator explains confidentiality, independence from management, and the voluntary nature of the process.
- **Listening first.** Letting each colleague describe what has happened without being corrected or questioned too early.
- **Looking for interests.** Moving from "I want them moved to another team" to what the person actually needs: respect in meetings, clear deadlines, a fair share of the work.
- **Checking suitability.** Questions that help the mediator decide whether mediation is appropriate, or whether a formal process is needed instead.
- **Preparing for the joint meeting.** Helping each person think about what they want to say and what they might be willing to offer.

## Why it matters

The mediator argues that most of the progress in workplace cases begins in these private conversations, well before the two colleagues sit down together.`,
    categories: ['workplace', 'practice'],
    tags: ['workplace', 'skills', 'screening'],
    author: 2,
    daysAgo: 305,
    videoUrl: 'https://www.youtube.com/watch?v=Tz5-cNq1LpW',
    videoSeconds: 660,
    heroAlt: 'A quiet meeting room with one chair pulled up to a table and a notepad waiting',
  },
];
