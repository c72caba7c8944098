fn main() {
    let seed = planmeet::store::load_embedded().unwrap().plan;
    let bodies: Vec<usize> = seed.programmes.iter().flat_map(|p| &p.tasks).map(|t| t.body.chars().count()).collect();
    println!("liuzhou task bodies: n={} avg chars={}", bodies.len(), bodies.iter().sum::<usize>() / bodies.len());
    let plan = planmeet::synthetic::plan(&seed, planmeet::synthetic::Shape::LARGE);
    let b: Vec<usize> = plan.programmes.iter().flat_map(|p| &p.tasks).map(|t| t.body.chars().count()).collect();
    println!("synthetic bodies avg chars={}", b.iter().sum::<usize>() / b.len());
    let text = planmeet::synthetic::plan_text(&plan);
    println!("synthetic text bytes={}", text.len());
    std::fs::write("/tmp/synthetic.ron", &text).unwrap();
    if std::env::var_os("SHOW").is_some() { let at = text.find("id: \"p1.t5\"").unwrap(); println!("{}", &text[at..at + 3000]); }
    let t = std::time::Instant::now();
    let p = planmeet::store::plan_file::parse_plan(&text, "x").unwrap();
    println!("parse {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let idx = planmeet::model::PlanIndex::build(&p);
    println!("index {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let r = planmeet::model::validate::validate_with_index(&p, &idx);
    println!("validate {:?} {}", t.elapsed(), r.findings.len());
}
