"""The reliability suite: every guarantee in README's "What mentorkit guarantees", measured."""
