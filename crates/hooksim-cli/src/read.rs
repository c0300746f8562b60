//! Reading files, directories and standard input as one stream, no more than the engine reads:
//! the size limit (4 MiB) and a little more, so that `hooksim simulate /dev/zero`, `yes | hooksim
//! simulate` or a 1.5 GiB file end in the engine's `limit-exceeded` diagnostic at once instead of
//! filling the memory (issue 16, item 7). The size of what was not read is given to the engine
//! (`Options::input_bytes`): exact for regular files, unknown (`usize::MAX`) otherwise.

use std::io::Read;
use std::path::{Path, PathBuf};

use hooksim_engine::yaml::MAX_INPUT_BYTES;

/// Bytes read at most: the limit, and enough past it to see whether a document starts right there.
const READ_AT_MOST: usize = MAX_INPUT_BYTES + 4096;

/// The name standard input has in messages and in [`Stream::files`].
pub const STDIN: &str = "standard input";

/// The stream read so far.
#[derive(Default)]
pub struct Stream {
    pub text: String,
    /// The size of everything given, when more than [`READ_AT_MOST`] was given.
    pub total: Option<usize>,
    /// The bytes given, as far as known (`usize::MAX`: not known).
    given: usize,
    /// Each file of the stream and the line of the stream its first line is, in order: the
    /// engine's positions are lines of the joined stream, a report names the file.
    pub files: Vec<(String, usize)>,
}

impl Stream {
    /// Adds a file, every `*.yaml`/`*.yml` file of a directory in name order, or standard input
    /// (`-`).
    pub fn add(&mut self, p: &str) -> Result<(), String> {
        if p == "-" {
            return self.add_reader(std::io::stdin().lock(), None, STDIN);
        }
        let path = Path::new(p);
        if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| format!("{p}: {e}"))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file() && matches!(f.extension().and_then(|x| x.to_str()), Some("yaml" | "yml")))
                .collect();
            files.sort();
            for f in files {
                self.add_file(&f)?;
            }
            return Ok(());
        }
        self.add_file(path)
    }

    fn add_file(&mut self, path: &Path) -> Result<(), String> {
        let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        // A regular file says its size; a device (/dev/zero) or a pipe does not.
        let size = file.metadata().ok().filter(|m| m.is_file()).map(|m| m.len() as usize);
        self.add_reader(file, size, &path.display().to_string())
    }

    fn add_reader(&mut self, r: impl Read, size: Option<usize>, name: &str) -> Result<(), String> {
        let room = READ_AT_MOST.saturating_sub(self.text.len());
        let mut bytes = Vec::new();
        r.take(room as u64 + 1).read_to_end(&mut bytes).map_err(|e| format!("{name}: {e}"))?;
        let cut = bytes.len() > room;
        if cut {
            // Whole lines only: a character cut in two would read as a byte that is not UTF-8.
            bytes.truncate(room);
            let end = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            bytes.truncate(end);
        }
        let given = match (cut, size) {
            (false, _) => bytes.len(),
            (true, Some(n)) => n,
            (true, None) => usize::MAX,
        };
        self.given = self.given.saturating_add(given);
        // Files are documents of one stream, as `kubectl apply -f a -f b` takes them.
        if !self.text.is_empty() && !bytes.is_empty() {
            if !self.text.ends_with('\n') {
                self.text.push('\n');
            }
            self.text.push_str("---\n");
        }
        if !bytes.is_empty() {
            let first_line = self.text.bytes().filter(|&b| b == b'\n').count() + 1;
            self.files.push((name.to_string(), first_line));
        }
        self.text.push_str(&String::from_utf8_lossy(&bytes));
        if self.given > MAX_INPUT_BYTES || cut {
            self.total = Some(self.given.max(self.text.len()));
        }
        Ok(())
    }
}

impl Stream {
    /// The file and its own 1-based line of line `line` of the stream (`None` before any file).
    /// The `---` line put between two files counts as the line after the end of the first.
    pub fn locate(&self, line: usize) -> Option<(&str, usize)> {
        let (name, first) = self.files.iter().rev().find(|(_, first)| *first <= line)?;
        Some((name.as_str(), line - first + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_reader_stops_past_the_limit() {
        let mut s = Stream::default();
        let endless = std::io::repeat(b'a').take(u64::MAX);
        s.add_reader(std::io::Read::chain(&b"x: 1\n"[..], endless), None, "endless").unwrap();
        assert!(s.text.len() <= READ_AT_MOST);
        assert_eq!(s.total, Some(usize::MAX));
        let mut lines = std::io::repeat(b'\n').take(u64::MAX);
        let mut s = Stream::default();
        s.add_reader(&mut lines, Some(1 << 40), "big").unwrap();
        assert_eq!(s.total, Some(1 << 40));
    }

    #[test]
    fn lines_of_the_stream_map_back_to_their_file() {
        let mut s = Stream::default();
        s.add_reader(&b"a: 1\nb: 2"[..], None, "one.yaml").unwrap();
        s.add_reader(&b""[..], None, "empty.yaml").unwrap();
        s.add_reader(&b"c: 3\n"[..], None, "two.yaml").unwrap();
        assert_eq!(s.text, "a: 1\nb: 2\n---\nc: 3\n");
        assert_eq!(s.locate(2), Some(("one.yaml", 2)));
        assert_eq!(s.locate(4), Some(("two.yaml", 1)));
        assert_eq!(s.locate(0), None);
    }
}
