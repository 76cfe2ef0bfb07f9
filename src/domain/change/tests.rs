use super::*;
use crate::domain::room::FiredInject;
use crate::domain::session::Mode;
use crate::scenarios;

const RED: u32 = 1;
const BLUE: u32 = 2;
const FACILITATOR: Actor = Actor::Facilitator;
const RED_1: Actor = Actor::Group { group: RED, screen: 1 };
const RED_2: Actor = Actor::Group { group: RED, screen: 2 };
const BLUE_1: Actor = Actor::Group { group: BLUE, screen: 3 };

fn session() -> Session {
    let mut s = Session::new("C", scenarios::built_in_default(), Mode::Room, &["Red".into(), "Blue".into()], 0);
    s.injects.push(FiredInject {
        title: "Budget cut".into(),
        month: 3,
        what: String::new(),
        question: String::new(),
        fired_at: 0,
        stage: 6,
    });
    s
}

fn action(title: &str) -> Item {
    Item::Action(Action { title: title.into(), ..Action::default() })
}

/// Adds an item as `by`; its reference.
fn add(s: &mut Session, by: Actor, group: u32, item: Item) -> ItemRef {
    let applied = s.apply(by, Change::Add { group, item }).unwrap();
    applied.change.item().unwrap()
}

/// One change of each kind, for `group`'s work or the room.
fn one_of_each(s: &mut Session, group: u32) -> Vec<Change> {
    let item = add(s, FACILITATOR, group, action("A"));
    let other = if group == RED { BLUE } else { RED };
    let theirs = add(s, FACILITATOR, other, action("Theirs"));
    let vote = Vote { from: group, group: other, action: theirs.id, person: None };
    vec![
        Change::Add { group, item: action("B") },
        Change::Set { item, field: Field::Title("A2".into()) },
        Change::Delete { item },
        Change::Restore { group, item: action("C"), at: 0, linked: vec![] },
        Change::Stance { group, option: None },
        Change::HoldRole { group, role: "leader".into(), person: "Asha".into() },
        Change::AnswerInject { group, inject: 0, note: "Slower".into(), actions: vec![] },
        Change::CloseAnswer { question: 0, answer: "Trust".into() },
        Change::PersonAnswer { group, person: 7, question: 0, answer: "Call Sam".into() },
        Change::Rate { group, person: 7, rating: Some(4), comment: "Useful".into() },
        Change::GiveDot(vote),
        Change::GiveDot(Vote { person: Some(7), ..vote }),
        Change::Voting(VotingRules { per_group: 2, own_actions: false }),
        Change::HideVotes(false),
        Change::Distinct { pair: [(RED, 1), (BLUE, 1)], distinct: true },
        Change::Stage(1),
        Change::Slide(1),
        Change::Timer { stage: 0, timer: StageTimer::for_minutes(3) },
        Change::ResetTimer { stage: 0, now: 0 },
        Change::RoomTime(RoomTime { started_at: Some(5), break_since: None }),
        Change::FireInject(s.injects[0].clone()),
        Change::AddGroup { id: 0, name: "Green".into() },
        Change::RenameGroup { group, name: "Crimson".into() },
        Change::RemoveGroup { group },
        Change::TypeHere { group: other, here: true },
        Change::ChooseGroup(1),
        Change::Screens(vec![]),
    ]
}

/// The permission table, row by row: every kind of change against every
/// kind of actor.
#[test]
fn who_may_make_which_change() {
    let mut s = session();
    let changes = one_of_each(&mut s, RED);
    let mut kinds: Vec<ChangeKind> = changes.iter().map(Change::kind).collect();
    kinds.dedup();
    assert_eq!(kinds.len(), 17, "every kind of change is in the table");
    let phone = Actor::Person { group: RED, person: 7 };
    let another_phone = Actor::Person { group: RED, person: 8 };
    for change in &changes {
        assert!(FACILITATOR.may(change, &s).is_ok(), "the facilitator may {change:?}");
        assert!(Actor::Viewer.may(change, &s).is_err(), "a viewer may not {change:?}");
        let owner = change.owner();
        // A table's screens change the table's work; a person on a phone
        // changes it too, but gives only their own dots.
        let table_work = matches!(owner, Owner::Group(RED));
        for actor in [RED_1, RED_2] {
            assert_eq!(actor.may(change, &s).is_ok(), table_work, "{actor:?} and {change:?}");
        }
        let persons = matches!(owner, Owner::Person { group: RED, person: 7 });
        let phone_may = persons || (table_work && change.kind() != ChangeKind::Dots);
        assert_eq!(phone.may(change, &s).is_ok(), phone_may, "{phone:?} and {change:?}");
        assert_eq!(another_phone.may(change, &s).is_ok(), phone_may && !persons, "{another_phone:?} and {change:?}");
        // Another group's table changes nothing of Red's, nor the room.
        let refused = BLUE_1.may(change, &s).unwrap_err();
        let why = match owner {
            Owner::Group(_) => "another group's work",
            Owner::Person { .. } => "one person's own",
            Owner::Room => "belongs to the facilitator",
        };
        assert!(refused.0.contains(why), "{change:?}: {refused}");
    }
    // In a shared folder the room's screen shows the groups' work and
    // still runs the room (and gives the dots).
    s.shared_folder = true;
    for change in &changes {
        let group_work = matches!(change.owner(), Owner::Group(_)) && change.kind() != ChangeKind::Dots;
        assert_eq!(FACILITATOR.may(change, &s).is_err(), group_work, "{change:?}");
    }
    // Except for a group whose laptop failed, which the room's screen types for.
    s.typed_here = vec![RED];
    for change in &changes {
        assert!(FACILITATOR.may(change, &s).is_ok(), "{change:?}");
    }
}

#[test]
fn a_refused_change_changes_nothing() {
    let mut s = session();
    let before = s.clone();
    assert!(RED_1.apply_to(&mut s, Change::Stage(3)).is_err());
    assert!(RED_1.apply_to(&mut s, Change::Slide(3)).is_err());
    assert!(RED_1.apply_to(&mut s, Change::RenameGroup { group: RED, name: "Crimson".into() }).is_err());
    assert!(RED_1.apply_to(&mut s, Change::Add { group: BLUE, item: action("Theirs") }).is_err());
    assert_eq!(s, before);
}

impl Actor {
    fn apply_to(self, s: &mut Session, change: Change) -> Result<Applied, Refusal> {
        s.apply(self, change)
    }
}

#[test]
fn edits_to_different_fields_both_stand() {
    let mut s = session();
    let item = add(&mut s, RED_1, RED, action("Map the sector"));
    s.apply(RED_1, Change::Set { item, field: Field::Title("Map the local sector".into()) }).unwrap();
    s.apply(RED_2, Change::Set { item, field: Field::FirstStep("Ask the CVS".into()) }).unwrap();
    let Some(Item::Action(a)) = s.item(item) else { panic!("the action is there") };
    assert_eq!((a.title.as_str(), a.first_step.as_str()), ("Map the local sector", "Ask the CVS"));
}

/// Undoing one's own change puts back what it changed and nothing else.
fn undo(s: &mut Session, by: Actor, applied: &Applied) -> Result<Applied, Refusal> {
    let after = applied.after.clone().unwrap();
    if !s.still(&after) {
        return Err(Refusal::new("changed since"));
    }
    s.apply(by, applied.undo.clone().unwrap())
}

#[test]
fn undo_puts_back_one_field_and_refuses_when_another_has_changed_it() {
    let mut s = session();
    let item = add(&mut s, RED_1, RED, action("Map the sector"));
    let mine = s.apply(RED_1, Change::Set { item, field: Field::Title("Mine".into()) }).unwrap();
    let theirs = s.apply(RED_2, Change::Set { item, field: Field::What("Theirs".into()) }).unwrap();
    assert_eq!(mine.what, "changed the title of action 'Map the sector'");
    // Red 1's undo takes back its title, not Red 2's description.
    undo(&mut s, RED_1, &mine).unwrap();
    let Some(Item::Action(a)) = s.item(item) else { panic!() };
    assert_eq!((a.title.as_str(), a.what.as_str()), ("Map the sector", "Theirs"));
    // Red 2 edits the title after Red 1 did: Red 1's undo is refused.
    let mine = s.apply(RED_1, Change::Set { item, field: Field::Title("Mine again".into()) }).unwrap();
    s.apply(RED_2, Change::Set { item, field: Field::Title("Red 2's title".into()) }).unwrap();
    assert!(undo(&mut s, RED_1, &mine).is_err());
    let Some(Item::Action(a)) = s.item(item) else { panic!() };
    assert_eq!(a.title, "Red 2's title");
    // Red 2's own undo still works.
    undo(&mut s, RED_2, &theirs).unwrap();
}

#[test]
fn a_deleted_barrier_comes_back_with_its_place_and_links() {
    let mut s = session();
    let first = add(&mut s, RED_1, RED, Item::Barrier(Barrier { text: "No trust".into(), ..Barrier::default() }));
    let second = add(&mut s, RED_1, RED, Item::Barrier(Barrier { text: "No data".into(), ..Barrier::default() }));
    let act = add(&mut s, RED_1, RED, action("Share data"));
    s.apply(RED_1, Change::Set { item: act, field: Field::Tackles(vec![first.id, second.id]) }).unwrap();
    let deleted = s.apply(RED_2, Change::Delete { item: first }).unwrap();
    assert_eq!(deleted.what, "deleted barrier 'No trust'");
    assert_eq!(s.groups[0].actions[0].barriers, vec![second.id]);
    undo(&mut s, RED_2, &deleted).unwrap();
    assert_eq!(s.groups[0].barriers[0].text, "No trust");
    assert!(s.groups[0].actions[0].barriers.contains(&first.id));
}

#[test]
fn undoing_an_addition_that_another_screen_has_since_edited_is_refused() {
    let mut s = session();
    let added = s.apply(RED_1, Change::Add { group: RED, item: action("Mine") }).unwrap();
    let item = added.change.item().unwrap();
    s.apply(RED_2, Change::Set { item, field: Field::Success("A shared map".into()) }).unwrap();
    assert!(undo(&mut s, RED_1, &added).is_err());
    assert!(s.item(item).is_some());
}

#[test]
fn every_kind_of_change_the_facilitator_makes_can_be_undone_except_moving_the_room() {
    let mut s = session();
    let changes = one_of_each(&mut s, RED);
    for change in changes {
        let before = s.clone();
        let kind = change.kind();
        let applied = s.apply(FACILITATOR, change.clone()).unwrap_or_else(|e| panic!("{change:?}: {e}"));
        if matches!(
            kind,
            ChangeKind::Stage | ChangeKind::Slide | ChangeKind::Timer | ChangeKind::ChooseGroup | ChangeKind::Screens
        ) {
            assert!(applied.undo.is_none(), "{kind:?} is not undone");
            continue;
        }
        undo(&mut s, FACILITATOR, &applied).unwrap_or_else(|e| panic!("undo {change:?}: {e}"));
        let mut expected = before;
        // An addition hands out an id, and the next is never reused.
        for (now, was) in s.groups.iter().zip(expected.groups.iter_mut()) {
            was.next_id = now.next_id;
        }
        assert_eq!(s, expected, "undoing {change:?}");
    }
}

#[test]
fn closing_answers_and_answers_to_the_news_are_changes_of_their_own() {
    let mut s = session();
    let barrier = add(&mut s, FACILITATOR, RED, Item::Barrier(Barrier { text: "Old".into(), ..Barrier::default() }));
    let answer = s.apply(FACILITATOR, Change::CloseAnswer { question: 1, answer: "Meet monthly".into() }).unwrap();
    assert_eq!(answer.what, "answered closing question 2");
    let news = s
        .apply(RED_1, Change::AnswerInject { group: RED, inject: 0, note: "We slow down".into(), actions: vec![] })
        .unwrap();
    assert_eq!(news.what, "answered 'Budget cut'");
    undo(&mut s, FACILITATOR, &answer).unwrap();
    undo(&mut s, RED_1, &news).unwrap();
    assert!(s.closing_answers.is_empty());
    assert!(s.groups[0].inject_responses.is_empty());
    // The barrier added before is untouched.
    assert!(s.item(barrier).is_some());
}

#[test]
fn a_removed_group_comes_back_with_its_work_and_dots() {
    let mut s = session();
    let theirs = add(&mut s, FACILITATOR, BLUE, action("Joint fund"));
    add(&mut s, FACILITATOR, RED, action("Map"));
    s.apply(FACILITATOR, Change::GiveDot(Vote { from: RED, group: BLUE, action: theirs.id, person: None })).unwrap();
    let before = s.clone();
    let removed = s.apply(FACILITATOR, Change::RemoveGroup { group: RED }).unwrap();
    assert_eq!(removed.what, "removed group 'Red'");
    assert!(s.votes.is_empty());
    undo(&mut s, FACILITATOR, &removed).unwrap();
    assert_eq!(s, before);
}

#[test]
fn text_a_table_sends_is_cleaned_and_ids_are_never_reused() {
    let mut s = session();
    let dirty = Item::Barrier(Barrier { text: "Bad\u{1b}[2Jtext\u{202e}".into(), severity: 9, ..Barrier::default() });
    let item = add(&mut s, RED_1, RED, dirty);
    assert_eq!(s.groups[0].barriers[0].text, "Bad[2Jtext");
    assert_eq!(s.groups[0].barriers[0].severity, 5);
    s.apply(RED_1, Change::Delete { item }).unwrap();
    let again = add(&mut s, RED_1, RED, action("Next"));
    assert_ne!(again.id, item.id);
}

#[test]
fn dots_keep_to_the_rules_and_lowering_them_is_undone_whole() {
    let mut s = session();
    let a = add(&mut s, FACILITATOR, BLUE, action("A"));
    let vote = Vote { from: RED, group: BLUE, action: a.id, person: None };
    for _ in 0..3 {
        s.apply(FACILITATOR, Change::GiveDot(vote)).unwrap();
    }
    let refused = s.apply(FACILITATOR, Change::GiveDot(vote)).unwrap_err();
    assert!(refused.0.contains("all 3 dots are used"), "{refused}");
    let own = Vote { from: BLUE, group: BLUE, action: a.id, person: None };
    assert!(s.apply(BLUE_1, Change::GiveDot(own)).is_err());
    let lowered = s.apply(FACILITATOR, Change::Voting(VotingRules { per_group: 1, own_actions: false })).unwrap();
    assert_eq!(s.votes.len(), 1);
    undo(&mut s, FACILITATOR, &lowered).unwrap();
    assert_eq!(s.votes.len(), 3);
}

#[test]
fn a_persons_answers_and_rating_are_theirs_and_undo_alone() {
    let mut s = session();
    let asha = Actor::Person { group: RED, person: 7 };
    let ben = Actor::Person { group: BLUE, person: 8 };
    let first = s.scenario.closing_questions[0].clone();
    let answered = s
        .apply(asha, Change::PersonAnswer { group: RED, person: 7, question: 0, answer: " Ring\u{202E} Sam ".into() })
        .unwrap();
    s.apply(ben, Change::PersonAnswer { group: BLUE, person: 8, question: 0, answer: "Meet monthly".into() }).unwrap();
    s.apply(asha, Change::Rate { group: RED, person: 7, rating: Some(9), comment: "Useful\n day".into() }).unwrap();
    let said = s.feedback_of(7).unwrap();
    assert_eq!(said.answers, vec![ClosingAnswer { question: first.clone(), answer: "Ring Sam".into() }]);
    assert_eq!((said.rating, said.comment.as_str()), (Some(5), "Useful  day"), "kept to the scale, on one line");
    assert_eq!(s.phone_answers(&first), vec![(RED, "Ring Sam"), (BLUE, "Meet monthly")]);
    // Ben cannot change Asha's, even at her table's.
    let forged = Change::Rate { group: RED, person: 7, rating: Some(1), comment: String::new() };
    assert!(ben.apply_to(&mut s, forged).is_err());
    // Her undo takes back her answer and leaves her rating and Ben's answer.
    s.apply(asha, answered.undo.clone().unwrap()).unwrap();
    assert!(s.feedback_of(7).unwrap().answers.is_empty());
    assert_eq!(s.feedback_of(7).unwrap().rating, Some(5));
    assert_eq!(s.phone_answers(&first), vec![(BLUE, "Meet monthly")]);
    // Taking back everything forgets her.
    s.apply(asha, Change::Rate { group: RED, person: 7, rating: None, comment: " ".into() }).unwrap();
    assert!(s.feedback_of(7).is_none());
    let ratings = crate::domain::session::Ratings::of(&s.feedback);
    assert_eq!((ratings.total(), ratings.mean()), (0, None));
}

#[test]
fn each_person_has_the_rooms_dots_and_takes_back_only_their_own() {
    let mut s = session();
    let theirs = add(&mut s, FACILITATOR, BLUE, action("Joint fund"));
    s.apply(FACILITATOR, Change::Voting(VotingRules { per_group: 1, own_actions: false })).unwrap();
    let dot = |person| Vote { from: RED, group: BLUE, action: theirs.id, person: Some(person) };
    for person in [7, 8] {
        s.apply(Actor::Person { group: RED, person }, Change::GiveDot(dot(person))).unwrap();
    }
    let again = s.apply(Actor::Person { group: RED, person: 7 }, Change::GiveDot(dot(7)));
    assert!(again.unwrap_err().0.contains("one dot is used"));
    // The table's own dot is apart from its people's.
    s.apply(FACILITATOR, Change::GiveDot(Vote { person: None, ..dot(0) })).unwrap();
    assert_eq!(crate::domain::room::votes_for(&s.votes, BLUE, theirs.id), 3);
    // Person 8 cannot take back person 7's dot, nor give one as them.
    let take = Change::TakeDot(dot(7));
    assert!(Actor::Person { group: RED, person: 8 }.apply_to(&mut s, take.clone()).is_err());
    s.apply(Actor::Person { group: RED, person: 7 }, take).unwrap();
    assert_eq!(crate::domain::room::votes_for(&s.votes, BLUE, theirs.id), 2);
    // Hiding the count is the facilitator's.
    assert!(Actor::Person { group: RED, person: 7 }.apply_to(&mut s, Change::HideVotes(false)).is_err());
    assert!(s.votes_hidden, "a new room's dots are hidden");
    let revealed = s.apply(FACILITATOR, Change::HideVotes(false)).unwrap();
    assert!(!s.votes_hidden);
    assert_eq!(revealed.what, "revealed the dots");
    s.apply(FACILITATOR, revealed.undo.unwrap()).unwrap();
    assert!(s.votes_hidden);
}
