use kubegate::source::yaml::*;
fn dump(n: &Node, ind: usize) {
    let s = n.span;
    match &n.value {
        Value::Scalar(sc) => println!(
            "{:ind$}{:?} {:?} {}:{}-{}:{} [{}..{}]",
            "",
            sc.text,
            sc.resolved,
            s.start.line,
            s.start.column,
            s.end.line,
            s.end.column,
            s.start.offset,
            s.end.offset,
            ind = ind
        ),
        Value::Seq(v) => {
            println!(
                "{:ind$}SEQ {}:{}-{}:{}",
                "",
                s.start.line,
                s.start.column,
                s.end.line,
                s.end.column,
                ind = ind
            );
            for x in v {
                dump(x, ind + 2)
            }
        }
        Value::Map(m) => {
            println!(
                "{:ind$}MAP {}:{}-{}:{}",
                "",
                s.start.line,
                s.start.column,
                s.end.line,
                s.end.column,
                ind = ind
            );
            for e in m {
                dump(&e.key, ind + 2);
                dump(&e.value, ind + 4)
            }
        }
    }
}
fn main() {
    let t = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let s = load_stream(&t, Limits::default());
    for d in &s.docs {
        println!("DOC {} {:?}", d.index, d.span);
        if let Some(r) = &d.root {
            dump(r, 2)
        }
    }
    for p in &s.problems {
        println!("PROBLEM {:?}", p)
    }
}
