"""Past-report retrieval: ingest the corpus into Chroma, search by section with BM25 + vectors, last year's report."""
from chains.retrieval.index import CorpusIndex, RetrievalError, get_index, previous_report
from chains.retrieval.models import IngestStats, Passage

__all__ = ["CorpusIndex", "IngestStats", "Passage", "RetrievalError", "get_index", "previous_report"]
