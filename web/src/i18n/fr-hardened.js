// SPDX-License-Identifier: MPL-2.0
// The French strings only a hardened data set needs (its evaluation server, docs/OPRF.md): they come with the
// hardened-mode code (web/src/hardened.js), which the page loads when a data set asks for it, and
// ui/text.js adds them to the French table (typeset there). Keys mirror en-hardened.js exactly (a unit test
// checks it).
export const frHardened = {
  // Mode renforcé : le serveur d'évaluation de l'organisme qui publie la liste (docs/OPRF.md). Jamais un verdict non plus.
  rateLimitedText: (wait) => `Trop de vérifications ont été demandées depuis votre connexion en peu de temps : le serveur de l'organisme qui publie la liste en limite le nombre, pour que personne ne puisse tester des numéros en masse. Ce n'est pas un résultat. Ce que vous avez saisi est conservé : réessayez dans ${wait || 'quelques minutes'}.`,
  rateLimitedReady: 'Vous pouvez réessayer maintenant. Ce que vous avez saisi est conservé.',
  waitSeconds: (n) => `${n} ${n > 1 ? 'secondes' : 'seconde'}`,
  waitMinutes: (n) => `${n} ${n > 1 ? 'minutes' : 'minute'}`,
  oprfProblems: {
    oprf_unreachable: 'Le serveur de vérification de l\'organisme qui publie la liste est injoignable pour le moment (réseau, panne ou maintenance) : sans lui, cette liste ne peut pas être consultée. Ce n\'est pas un résultat. Ce que vous avez saisi est conservé : réessayez dans un instant.',
    oprf_refused: 'Le serveur de vérification de l\'organisme qui publie la liste a refusé la demande. Ce n\'est pas un résultat. Réessayez plus tard ; si cela se reproduit, signalez-le au responsable de cette page.',
    oprf_response: 'La réponse du serveur de vérification de l\'organisme qui publie la liste est illisible. Aucun résultat n\'est affiché. Réessayez plus tard ; si cela se reproduit, signalez-le au responsable de cette page.',
    oprf_proof: 'La réponse du serveur de vérification de l\'organisme qui publie la liste ne correspond pas à la clé signée dans la liste : elle a été refusée, et aucun résultat n\'est affiché. Réessayez plus tard ; si cela se reproduit, signalez-le au responsable de cette page.',
  },
  // Listes en mode renforcé seulement (docs/OPRF.md) : hôtes des serveurs d'évaluation, empreinte de leur clé signée.
  aboutOprf: [
    (hosts, fingerprint) => `Mode renforcé : pour chaque vérification, la page envoie aussi une valeur au serveur de vérification de l'organisme qui publie la liste (${hosts}). Cette valeur est tirée de votre saisie, mais masquée par un nombre aléatoire nouveau à chaque fois : le serveur ne peut pas en déduire qui vous êtes, ni relier deux vérifications entre elles. Sa réponse est accompagnée d'une preuve, vérifiée sur cet appareil avec la clé signée dans la liste (empreinte ${fingerprint}) : une réponse fausse donne une erreur, jamais un faux résultat.`,
    'Sans ce serveur, le fichier publié ne permet pas de tester des numéros hors ligne : chaque essai demande une réponse du serveur, qui en limite le nombre. Quelqu\'un qui connaît votre date de naissance, votre sexe et votre lieu de naissance ne peut donc plus essayer le millier de numéros possibles avec le seul fichier.',
    'Ce que voit ce serveur : votre adresse IP et le moment de la vérification, comme tout site web, mais pas ce que vous avez tapé. Il limite le nombre de vérifications par connexion ; au-delà, cette page vous indique combien de temps attendre.',
  ],
};
