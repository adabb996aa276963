"""Numbered, actionable messages and the exception tree.

Every message says what was wrong, where, and what to do next. Codes are
grouped: E1xx rule sets (E14x the spaCy pipeline), E2xx evidence documents,
E3xx reports and outputs, E4xx the settings file (``evidencecheck.toml``) and
its waivers, Wxxx warnings (the document still counts)::

    EvidenceCheckError
    ├── RuleSetError (also ValueError)      E1xx, carries every problem found
    │   └── UnknownUnitError                E107
    ├── ModelError                          E140, E141 (--model)
    ├── ExecutorError                       E150-E159, where a batch runs (--executor)
    ├── DocumentError                       E2xx, one evidence file
    │   ├── UnsupportedFormat               E203, E205, E218
    │   ├── EncryptedDocument               E206, E207
    │   ├── DocumentTooLarge                E208, E209, E210
    │   ├── CorruptDocument                 E201, E202, E204, E211, E214-E217
    │   └── ExtractionTimeout               E212, E213
    ├── ReportError                         E301-E319, reports and outputs
    ├── WebError                            E320-E339, the web page and its API
    └── ConfigError (also ValueError)       E4xx, carries every problem found

Every error pickles and unpickles to an equal error (same class, code, path
and message), so it can cross a process boundary: documents are parsed in a
separate worker process (:mod:`evidencecheck.parsers.isolation`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


class Messages:
    """Message templates, filled with ``str.format``; keep the code first."""

    # --- rule sets -----------------------------------------------------
    E101 = "cannot read rule file: {detail}. Check the path and that the file is readable."
    E102 = "YAML syntax error: {detail}. Fix the indentation or quoting at that line."
    E103 = "{detail}"
    E104 = "duplicate id '{id}' (first defined at line {first_line}). Give each {what} a unique id."
    E105 = "unknown signal '{name}'. Available signals: {available}."
    E106 = "invalid token pattern: {detail}. See https://spacy.io/usage/rule-based-matching#matcher."
    E107 = "unknown unit '{unit}'.{hint} Available units: {available}. Use 'evidencecheck rules list' to see them."
    E108 = "unsafe YAML: {detail}. Rule files may only hold plain mappings, lists, strings and numbers."
    E109 = "rule file is {size} bytes, over the limit of {limit}. Split it or raise the limit."
    E110 = "unknown element reference '{ref}'. Known elements: {available}."
    E111 = "unknown check kind '{kind}'. Available kinds: {available}."
    E112 = "regular expression '{regex}' may backtrack catastrophically: {detail}. On a long word it could hang the check. Rewrite it without nested or overlapping repetition, e.g. '[ab]+' rather than '(a|ab)+' or '(a+)+'."
    E113 = "token pattern is too costly to match: {detail}. {todo}"
    # --- rule authoring (rules explain / try / new / lint / test) --------
    E120 = "no criterion '{criterion}' in unit '{unit}'. Use one of: {available}."
    E121 = "no rule test named '{name}' in unit '{unit}'. Test names: {available}."
    E122 = "rules explain needs evidence files or folders, or --case NAME for one of the unit's rule tests."
    E123 = "rules try needs some text. Put a sentence or two in quotes: evidencecheck rules try UNIT \"I coached Sam on 3 May\"."
    E124 = "cannot read unit description: {detail}. Check the path; it should be a text file (seed shape or a list of assessment criteria)."
    E125 = "found no marking points or assessment criteria in the description. Give it an 'Examiner Marking Points' section, or lines like '1.1 Agree objectives with the team'."
    E127 = "no rule test named {names} in {units}. Run 'evidencecheck rules test' to see every case's name."
    E126 = "'{path}' already exists; rules new never overwrites a file. Choose another --out or remove it first."

    # --- the spaCy pipeline (--model) -----------------------------------
    E140 = "the spaCy pipeline '{model}' is not installed. Leave out --model to use the built-in pipeline (it needs no download), or install '{model}' into this Python environment and try again."
    E141 = "the spaCy pipeline '{model}' could not be loaded ({detail}). Leave out --model to use the built-in pipeline, or check that '{model}' is a pipeline made for spaCy {spacy_version}."

    # --- where a batch runs (--executor) ---------------------------------
    E150 = "--executor dask needs the Dask packages, which are not installed ({detail}). Install them with: pip install \"evidencecheck[dask]\" (or pip install -e \".[dask]\" in a clone), or leave out --executor to check on this machine."
    E151 = "cannot reach the Dask scheduler at {address} ({detail}). Check the address (e.g. tcp://10.0.0.5:8786) and that the scheduler is running and reachable, or leave out --scheduler to start a cluster on this machine."
    E152 = "--scheduler is only used with --executor dask. Add --executor dask, or leave out --scheduler."

    # --- evidence documents --------------------------------------------
    E201 = "file not found. Check the path."
    E202 = "the file is empty (0 bytes). Save the document again and re-add it."
    E203 = "{what} files are not supported. {todo}"
    E204 = "the Word file is damaged or truncated ({detail}). Open it in Word and save it again as .docx."
    E205 = "this is not a Word document ({detail}). Save it from Word as .docx."
    E206 = "the PDF is encrypted{detail}. Remove the password, or pass it with --password."
    E207 = "this is an encrypted or password-protected Office file. Remove the password in Word (File > Info > Protect Document) and save it as .docx."
    E208 = "the file is {size} bytes, over the limit of {limit} bytes. Split it, or raise --max-file-size."
    E209 = "the Word file expands to {detail}, over the limit. It may be a zip bomb; if it is genuine, raise the limit."
    E210 = "the PDF has {pages} pages, over the limit of {limit}. Split it, or raise --max-pages."
    E211 = "the PDF is damaged and could not be read ({detail}). Export it again as PDF."
    E212 = "reading the file took longer than {seconds} s and was stopped. Check the file, or raise the time limit."
    E213 = "reading the file used more than {limit} of memory and was stopped."
    E214 = "the text file could not be decoded ({detail}). Save it as UTF-8."
    E215 = "the document's XML is unsafe or malformed ({detail}). Save it again from Word as .docx."
    E216 = "could not read the file: {detail}."
    E217 = "the file could not be read ({detail}). It may be damaged; save it again and re-add it."
    E218 = "the PDF has no text layer: {detail}. It looks like a scan or a picture of a document; OCR is not supported. Attach the original document, or export it again as a PDF with text."

    # --- reports and outputs -------------------------------------------
    E301 = "cannot write report to {path}: {detail}."
    E302 = "refusing to write {path} among the evidence being checked: a report there would be read as evidence next time. Write it to another folder, or pass --allow-output-in-portfolio."
    E303 = "{path} is not an evidencecheck JSON report: {detail}."
    E304 = "unknown report format '{fmt}'. Available formats: {available}."
    E305 = "the reports are for different units ({old} and {new}); compare two reports of the same unit."
    E306 = "nothing could be checked: {where} holds no evidence files.{skipped} Add the learner's evidence (.docx, .pdf, .txt or .md) and check again."
    E307 = "nothing could be checked: {what}. Fix {which} as its message below says{example}, then check again."
    E308 = "refusing to write the report to {path}: it is an evidence file (or another file among the evidence being checked), and writing would destroy it. Choose another output file."
    E309 = "refusing to overwrite {path}: the file exists and was not written by evidencecheck. Choose another name, or pass --force to replace it."
    E310 = "--format {fmt} does not match the output file {path}, whose extension .{ext} means {expected}. Change the extension, or leave out --format and let the extension decide."
    E311 = "evidencecheck cannot write a .{ext} file ({path}). Name the output .html, .md, .docx, .json, .csv or .txt."
    E312 = "--format docx needs --output FILE.docx: a Word file cannot be written to the terminal."
    E313 = "no unit given. Pass --unit UNIT (see 'evidencecheck rules list'), or put unit = \"UNIT\" in an evidencecheck.toml beside the portfolio."

    # --- the settings file and waivers ------------------------------------
    E401 = "cannot read the settings file: {detail}. Check the path and that the file is readable."
    E402 = "the settings file is not valid TOML: {detail}. Fix the line shown, or check it with any TOML validator."
    E403 = "unknown setting '{key}'.{hint} Known settings here: {available}."
    E404 = "'{key}' must be {expected}, not {got}. Fix the value."
    E405 = "'{key}' must be one of {available}, not '{value}'."
    E406 = "unknown unit '{unit}'.{hint} Available units: {available}. Use 'evidencecheck rules list' to see them."
    E410 = "a waiver must name exactly one finding: give either criterion = \"...\" or mistake = \"...\"."
    E411 = "the waiver for {what} has no reason. Say why it was reviewed, e.g. reason = \"accepted on observation, 12 March\"."
    E412 = "the waiver names criterion '{ref}', which unit {unit} does not have.{hint} Use a criterion id or AC number from 'evidencecheck rules show {unit}'."
    E413 = "the waiver names mistake '{ref}', which unit {unit} does not have.{hint} Use a mistake id from 'evidencecheck rules show {unit}'."
    E414 = "AC number '{ref}' belongs to several criteria ({matches}). Name the criterion by its id instead."
    E415 = "{what} is waived twice (first at line {first_line}). Keep one waiver per finding."
    E416 = "a waiver's date must be a date such as 2025-03-12, not {got}."

    # --- the evidence checks (authenticity, currency, claimed mapping, personal data, relevance) ---
    E501 = "'{key}' must be a whole number of years from 1 to 50, not {got}. Evidence older than this is flagged as not current; the default is 3."
    # findings of the checks: the report still stands; each says what an assessor would refer
    W501 = "{path}: the witness testimony does not name the witness. Add 'Witness: <full name>'."
    W502 = "{path}: the witness testimony does not say the witness's role or how they know you. Add their job title and their relationship to you (e.g. 'my line manager since 2023')."
    W503 = "{path}: the witness testimony is not dated. Ask the witness to date it."
    W504 = "{path}: the witness testimony is neither signed nor declared true (an empty 'Signed:' line is not a signature). Ask the witness to sign it."
    W505 = "{path}: the witness only describes your character ({count} sentence(s) of praise), not activity they saw. A character reference is not evidence: ask them to say what they saw you do, and when."
    W506 = "{path}: the witness does not say what they saw you do. Ask them to describe activity they observed or attended ('I observed ... on 11 April')."
    W511 = "{path}: the {what} is not dated. Add the date it was held or written."
    W512 = "{path}: the {what} is not signed. Have it signed by the people it records (or add an e-signature line)."
    W521 = "{path}: the reflective account is not written in the first person ({first} of {total} sentences have 'I' or 'we' as subject). Write it as 'I ...': what you did."
    W522 = "{path}: the reflective account says what you would do ({hypothetical} 'I would/could/should' sentences, {past} about what you did). Describe a real occasion in the past tense: what you did, when, with whom."
    W523 = "{path}: the reflective account describes your job in general (no sentence says what you did on a real occasion). Add real instances in the past tense."
    W530 = "{path}: holds personal data ({count} item(s): {kinds}). Anonymise it before you submit: see each finding's hint."
    W541 = "{path}: its latest date is {date} ({location}), more than {years} years ago. Evidence must show current competence: add recent evidence, or ask your assessor whether it can still count."
    W542 = "{path}: the date {date} ({location}) is in the future. Check it: a mistyped year makes evidence look unreliable."
    W551 = "{paths}: claimed for {criterion}, but the text there does not show it. Add what you did for it, or correct the reference."
    W552 = "{criterion} is shown in {paths} but not claimed anywhere. Reference it on that evidence."
    W553 = "reference(s) {refs} name no criterion of unit {unit}. Check the numbers against the unit."
    W560 = "{path} shares long passages with {other} (about {words} words). Check that each learner's evidence is their own work."
    W570 = "{path}: this document does not seem to be about your work ({words} words; {share} of them are words of contact-centre, customer service or sales work, and {told} sentence(s) tell of your own work or team), so nothing in it counts as evidence for or against any criterion. Take it out of the portfolio; if it does belong, say in your reflective account what it shows about your work."

    # --- the web page and its API (evidencecheck serve) ------------------
    E320 = "the web page needs packages that are not installed ({missing}). Install them with: pip install \"evidencecheck[web]\" (or pip install -e \".[web]\" in a clone), then run evidencecheck serve again."
    E321 = "the upload is over the limit of {limit} for one check. Check fewer or smaller files at a time, or ask whoever runs the server to raise --max-upload."
    E322 = "'{name}' is over the limit of {limit} for one file. Split it into smaller documents, or leave it out."
    E323 = "more than {limit} files were uploaded for one check. Upload at most {limit} files at a time."
    E324 = "evidencecheck cannot read {names}. Upload Word (.docx), PDF, text (.txt) or Markdown (.md) files; save other documents as .docx or PDF first."
    E325 = "no evidence files were uploaded. Choose your evidence files (Word, PDF, text or Markdown) and check again."
    E326 = "no unit was chosen. Choose the unit your evidence is for and check again."
    E327 = "the request is not a form upload that evidencecheck can read ({detail}). Send it as multipart/form-data, as the page does."
    E328 = "the cohort file is not a zip archive that can be read ({detail}). Zip the cohort folder (one folder per learner) and upload the .zip."
    E329 = "the zip would expand to {detail}, over the limit. It may be a zip bomb; if it is genuine, check the cohort in smaller parts."
    E330 = "the zip holds an unsafe entry '{name}' ({detail}). Make the zip again from the cohort folder itself."
    E331 = "the zip holds no learner folders. Put each learner's evidence in its own folder, zip the folder that holds them, and upload that."
    E332 = "the server is busy with other checks ({busy} running or waiting). Try again in {seconds} seconds."
    E333 = "the request came from another web site ({origin}) and was refused. Open this server's own page and upload there."
    E334 = "the upload was cut short before it was complete ({detail}). Check the connection and try again."
    E335 = "this server does not answer to the address '{host}'. Open http://127.0.0.1:{port}/ on the machine that runs it."
    E336 = "the zip is password-protected ('{name}'). Make the zip again without a password."
    E337 = "cannot listen on {host} port {port}: {detail}. Choose another port with --port, or stop the program that uses it."
    E338 = "the check failed unexpectedly ({detail}); nothing was kept. Try again, or check the same files with 'evidencecheck check' to see which file causes it."

    # --- warnings ----------------------------------------------------------
    W101 = "signal plugin '{name}' ({target}) could not be loaded: {detail}. Reinstall or remove the package that provides it."
    W201 = "page {page} has no extractable text: it may be a scanned image; OCR is not supported."
    W202 = "the file is named .{ext} but is really a {actual} file; read it as {actual}."
    W203 = "the text was not UTF-8; read it as {encoding}."
    W204 = "{count} table cell(s) could not be read on page {page}: {detail}."
    W205 = "page {page} could not be read ({detail}); the other pages were read."
    W206 = "the document has no text at all: nothing in it can count as evidence."
    W207 = "{count} character(s) could not be decoded and were replaced with the placeholder \ufffd. Check the file's encoding."
    W208 = "page {page}: {count} of its {total} characters use a font without a character map and could not be read, so most of the page's text is missing. Export the PDF again with fonts embedded as text, or attach the original document."
    W320 = "serving on {host}, which other machines may reach: anyone who can reach this port can upload files to be checked. Use --host 127.0.0.1 to keep the page on this machine."
    W401 = "{where}: the waiver for criterion '{ref}' is not needed: the criterion is met. It is kept in the report; remove it when it no longer applies."
    W402 = "{where}: the waiver for mistake '{ref}' is not needed: the mistake is not detected. It is kept in the report; remove it when it no longer applies."
    W403 = "{where}: the waiver is for learner '{learner}', who is not in this cohort. Check the name against the learner folders."


def message(code: str, **values: object) -> str:
    """Format the numbered message ``code`` with ``values``, prefixed by the code."""
    return f"{code} {getattr(Messages, code).format(**values)}"


class EvidenceCheckError(Exception):
    """Base class of every error evidencecheck raises on purpose."""

    code: str = "E000"

    def __reduce__(self) -> tuple[object, ...]:
        # The default reduction calls ``cls(*self.args)``, which does not match
        # the subclasses' ``__init__`` signatures; rebuild without calling it.
        return _rebuild, (type(self), self.args, self.__dict__)


@dataclass(frozen=True)
class RuleProblem:
    """One problem in a rule file, with where it is."""

    file: str
    line: int | None
    path: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        prefix = ": ".join(part for part in (where, self.path) if part)
        return f"{prefix}: {self.code} {self.message}" if prefix else f"{self.code} {self.message}"


class RuleSetError(EvidenceCheckError, ValueError):
    """A rule set could not be loaded; ``problems`` lists every problem found."""

    code = "E100"

    def __init__(self, problems: list[RuleProblem] | str):
        if isinstance(problems, str):
            problems = [RuleProblem("", None, "", "E103", problems)]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UnknownUnitError(RuleSetError):
    """No rule set has the requested unit id."""

    code = "E107"

    def __init__(self, unit: str, available: list[str]):
        self.unit = unit
        self.suggestion = did_you_mean(unit, available)
        text = Messages.E107.format(unit=unit, hint=self.suggestion, available=", ".join(available) or "none")
        super().__init__([RuleProblem("", None, "", "E107", text)])


class DocumentError(EvidenceCheckError):
    """An evidence file could not be read. ``str(err)`` is the numbered message.

    Attributes:
        code: The message number, e.g. ``"E211"``.
        path: The file, as the user named it.
        detail: The numbered message without the path.
        values: The values the message was filled with.
    """

    def __init__(self, code: str, path: str = "", **values: object):
        self.code = code
        self.path = path
        self.values = values
        self.detail = message(code, **values)
        super().__init__(f"{path}: {self.detail}" if path else self.detail)

    def with_path(self, path: str) -> DocumentError:
        """The same error naming ``path`` (for errors raised before the path was known)."""
        return type(self)(self.code, path, **self.values)


class UnsupportedFormat(DocumentError):
    """The file is of a kind evidencecheck cannot read (.doc, .odt, images...)."""


class EncryptedDocument(DocumentError):
    """The file is password-protected."""


class DocumentTooLarge(DocumentError):
    """The file, its uncompressed content or its page count is over a limit."""


class CorruptDocument(DocumentError):
    """The file is damaged, truncated or malformed."""


class ExtractionTimeout(DocumentError):
    """Reading the file took too long or used too much memory."""


class ReportError(EvidenceCheckError):
    """A report could not be written or read."""

    def __init__(self, code: str, **values: object):
        self.code = code
        super().__init__(message(code, **values))


class WebError(EvidenceCheckError):
    """A request to the web page or its API was refused or failed (E320-E339).

    ``str(err)`` is the numbered message; ``values`` are what it was filled with.
    """

    def __init__(self, code: str, **values: object):
        self.code = code
        self.values = values
        super().__init__(message(code, **values))
class ExecutorError(EvidenceCheckError):
    """A batch could not run where it was asked to (E150-E159): Dask missing or its scheduler unreachable."""

    def __init__(self, code: str, **values: object):
        self.code = code
        super().__init__(message(code, **values))


class ModelError(EvidenceCheckError):
    """The spaCy pipeline asked for with ``--model`` is not installed or cannot be loaded.

    Attributes:
        code: ``"E140"`` (not installed) or ``"E141"`` (installed but failed to load).
        model: The pipeline name as given.
    """

    def __init__(self, code: str, model: str, **values: object):
        self.code = code
        self.model = model
        super().__init__(message(code, model=model, **values))


@dataclass(frozen=True)
class ConfigProblem:
    """One problem in a settings file, with where it is (``file:line``)."""

    file: str
    line: int | None
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.code} {self.message}" if where else f"{self.code} {self.message}"


class ConfigError(EvidenceCheckError, ValueError):
    """A settings file or its waivers are invalid; ``problems`` lists every problem found."""

    code = "E400"

    def __init__(self, problems: list[ConfigProblem]):
        self.problems = list(problems)
        if self.problems:
            self.code = self.problems[0].code
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """`` Did you mean 'x'?`` for the closest of ``choices`` to ``word``, or ``""`` when none is close."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        lowered = word.lower()
        close = [c for c in choices if lowered and (lowered in c.lower() or c.lower() in lowered)][:1]
    return f" Did you mean '{close[0]}'?" if close else ""


@contextmanager
def document_errors(name: str) -> Iterator[None]:
    """Turn anything raised inside the block into a numbered :class:`DocumentError` naming ``name``.

    A :class:`DocumentError` passes through; ``RecursionError`` becomes E217,
    ``MemoryError`` E213 and any other exception E217, so no library exception (nor
    its internals or absolute paths) reaches callers. Used by :func:`evidencecheck.parsers.parse`
    and by the worker process of :mod:`evidencecheck.parsers.isolation`.
    """
    try:
        yield
    except DocumentError:
        raise
    except RecursionError:
        raise CorruptDocument("E217", name, detail="the document is nested too deeply") from None
    except MemoryError:
        raise ExtractionTimeout("E213", name, limit="the available amount") from None
    except Exception as err:
        # the library's own words (and any path it names) stay on the chained exception, for debugging
        raise CorruptDocument("E217", name, detail="its content could not be interpreted") from err


def _rebuild(cls: type[BaseException], args: tuple[object, ...], state: dict[str, object]) -> BaseException:
    """Unpickle an error without calling its ``__init__`` (see ``EvidenceCheckError.__reduce__``)."""
    err = cls.__new__(cls)
    err.args = args
    err.__dict__.update(state)
    return err
